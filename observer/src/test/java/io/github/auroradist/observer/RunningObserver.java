package io.github.auroradist.observer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An observer on a loopback port over a work directory, and a client that asks it over real HTTP:
 * what every observer test starts with.
 */
public final class RunningObserver implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final Observer observer;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private RunningObserver(Observer observer) {
    this.observer = observer;
  }

  /** Scans {@code mesosRoot} every 200 ms, so tasks written during a test show up quickly. */
  public static RunningObserver start(Path mesosRoot) throws Exception {
    return start(mesosRoot, Duration.ofMillis(200));
  }

  public static RunningObserver start(Path mesosRoot, Duration pollingInterval) throws Exception {
    return new RunningObserver(Observer.start(new ObserverSettings("127.0.0.1", 0, mesosRoot, pollingInterval)));
  }

  public Observer observer() {
    return observer;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + observer.port() + path);
  }

  /** GET {@code path} (already encoded), redirects not followed. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).build());
  }

  public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The body of a 200 answer (anything else fails the test, showing the body). */
  public String ok(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  /** The JSON of a 200 answer served as JSON. */
  public JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    return JSON.readTree(r.body());
  }

  /** Sends the request line byte for byte (no client-side normalization) and returns the whole answer. */
  public String raw(String target) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), observer.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    observer.close();
  }
}
