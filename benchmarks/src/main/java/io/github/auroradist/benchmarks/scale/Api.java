package io.github.auroradist.benchmarks.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The scheduler's HTTP API on loopback, as the client uses it: a follower's redirect to the leader is followed. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A reply: the status and the body. */
  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON (" + status + "): " + body, e);
      }
    }

    boolean ok() {
      return status / 100 == 2;
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private final Duration timeout;

  Api(Duration timeout) {
    this.timeout = timeout;
  }

  Reply get(int port, String path) throws IOException, InterruptedException {
    return send(port, path, HttpRequest.newBuilder().GET());
  }

  Reply post(int port, String path, String json) throws IOException, InterruptedException {
    return send(port, path, HttpRequest.newBuilder().header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The status of a GET, or empty when nothing answers. */
  Optional<Integer> status(int port, String path) {
    try {
      return Optional.of(get(port, path).status());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Reply send(int port, String path, HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(request.uri(URI.create("http://127.0.0.1:" + port + path))
        .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }
}
