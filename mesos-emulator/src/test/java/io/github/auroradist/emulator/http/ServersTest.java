package io.github.auroradist.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.Test;

/** Stopping a server never waits on a client: an event stream to one that stopped reading is cut off. */
class ServersTest {
  @Test
  void stopReturnsWhileAResponseIsBlockedWritingToAClientThatDoesNotRead() throws Exception {
    AtomicLong written = new AtomicLong();
    Server server = Servers.start("servers-test", "127.0.0.1", 0, new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
          org.eclipse.jetty.util.Callback callback) {
        response.setStatus(200);
        try {
          while (true) {
            FutureCallback done = new FutureCallback();
            response.write(false, ByteBuffer.allocate(64 * 1024), done);
            done.get(60, TimeUnit.SECONDS);
            written.incrementAndGet();
          }
        } catch (Exception e) {
          callback.failed(e);
        }
        return true;
      }
    });
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(4096);
      client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Servers.port(server)));
      OutputStream out = client.getOutputStream();
      out.write("GET /stream HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The client never reads: once the socket buffers are full, the handler's write stays pending.
      long[] last = {-1};
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(1))
          .until(() -> {
            long now = written.get();
            boolean still = now == last[0];
            last[0] = now;
            return still && now > 0;
          });
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Servers.stop(server));
      assertThat(server.isStopped()).isTrue();
    }
  }
}
