package io.github.auroradist.mesos.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlainHttpOnlyTest {
  @Test
  void speaksPlainHttpAndRefusesHttpsSayingWhy() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      HttpClient client = PlainHttpOnly.apply(HttpClient.newBuilder()).build();
      URI plain = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      assertThat(client.send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString()).body())
          .isEqualTo("ok");
      URI tls = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
      // The timeout bounds the handshake a default client would attempt against this plain server.
      HttpRequest tlsRequest = HttpRequest.newBuilder(tls).timeout(Duration.ofSeconds(10)).build();
      assertThatThrownBy(() -> client.send(tlsRequest, HttpResponse.BodyHandlers.ofString()))
          .hasStackTraceContaining("plain HTTP only");
    } finally {
      server.stop(0);
    }
  }
}
