package io.github.auroradist.emulator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry fixture never takes another server on its port (another test JVM's registry) for its own. */
class ImageRegistryTest {
  @TempDir Path dir;

  @Test
  void aPortTakenByAnotherRegistryIsNotUsedAndAnotherIsTried() throws Exception {
    // Someone else's registry, answering /v2/ as a registry does, on the port the fixture tries first.
    HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    other.createContext("/v2/", exchange -> {
      exchange.getResponseHeaders().add("Docker-Distribution-Api-Version", "registry/2.0");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    other.start();
    int taken = other.getAddress().getPort();
    AtomicInteger tries = new AtomicInteger();
    try (ImageRegistry registry = ImageRegistry.start(dir, () -> tries.getAndIncrement() == 0 ? taken
        : Ports.free())) {
      assertThat(registry.host()).isNotEqualTo("127.0.0.1:" + taken);
      assertThat(tries).hasValueGreaterThan(1);
      HttpResponse<Void> answer = SchedulerConnection.HTTP.send(HttpRequest.newBuilder(
          URI.create("http://" + registry.host() + "/v2/")).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(answer.headers().firstValue(ImageRegistry.INSTANCE_HEADER)).isPresent();
    } finally {
      other.stop(0);
    }
  }
}
