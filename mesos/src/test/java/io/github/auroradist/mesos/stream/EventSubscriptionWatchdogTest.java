package io.github.auroradist.mesos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.auroradist.mesos.http.Backoff;
import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.http.MesosHttp;
import io.github.auroradist.mesos.recordio.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The heartbeat watchdog against a real HTTP server whose stream goes silent after SUBSCRIBED. */
class EventSubscriptionWatchdogTest {
  private static final MesosContentType TYPE = MesosContentType.PROTOBUF;

  private final CountDownLatch testOver = new CountDownLatch(1);
  private final ExecutorService serverThreads = Executors.newCachedThreadPool();
  private HttpServer master;
  private EventSubscription<Event> subscription;

  @AfterEach
  void stop() {
    testOver.countDown();
    if (subscription != null) {
      subscription.close();
    }
    if (master != null) {
      master.stop(0);
    }
    serverThreads.shutdownNow();
  }

  /** Sends SUBSCRIBED, then nothing until the test is over. */
  private void silentAfterSubscribed(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().add("Content-Type", TYPE.mediaType());
    exchange.getResponseHeaders().add(MesosContentType.STREAM_ID, "stream-1");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      RecordIo.write(out, TYPE.encode(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
          .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("fw")))
          .build()));
      out.flush();
      testOver.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientWentAway) {
      // The watchdog dropped the stream: what the test waits for.
    } finally {
      exchange.close();
    }
  }

  @Test
  void aSilenceCheckThatThrowsOnceDoesNotEndTheWatch() throws Exception {
    master = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    master.setExecutor(serverThreads);
    master.createContext(MesosApi.SCHEDULER.path(), this::silentAfterSubscribed);
    master.start();
    URI endpoint = URI.create("http://127.0.0.1:" + master.getAddress().getPort());

    AtomicInteger checks = new AtomicInteger();
    List<String> endings = new CopyOnWriteArrayList<>();
    StreamHandler<Event> handler = new StreamHandler<>() {
      @Override
      public URI endpoint() {
        return endpoint;
      }

      @Override
      public Message subscribeCall() {
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE).build();
      }

      @Override
      public void event(Event event) {}

      @Override
      public boolean ended(String reason, boolean wasSubscribed) {
        endings.add(reason);
        return false;
      }

      @Override
      public Optional<String> tooSilent(Duration silentFor) {
        if (checks.incrementAndGet() == 1) {
          throw new IllegalStateException("the first silence check fails");
        }
        return Optional.of("silent for " + silentFor.toMillis() + " ms");
      }
    };
    subscription = new EventSubscription<>(MesosApi.SCHEDULER, new MesosHttp(TYPE), Event.getDefaultInstance(),
        new Backoff(Duration.ofMillis(50), Duration.ofMillis(50)), handler, Thread::new);
    subscription.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> !endings.isEmpty());
    assertThat(checks.get()).isGreaterThanOrEqualTo(2);
    assertThat(endings).singleElement().asString().startsWith("silent for ");
  }
}
