package io.github.auroradist.scheduler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.ModelJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntSupplier;

/** A small HTTP client for tests against a server on loopback. */
public final class Http {
  /** {@code stale}: the scheduler's X-Aurora-Stale header (why its data may be out of date), or null. */
  public record Reply(int status, String body, String contentType, String location, String stale,
      java.net.http.HttpHeaders headers) {
    public JsonNode json() {
      try {
        return ModelJson.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /** What a test reads of a response. */
  public static Reply reply(HttpResponse<String> r) {
    return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
        r.headers().firstValue("Location").orElse(null), r.headers().firstValue("X-Aurora-Stale").orElse(null),
        r.headers());
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final IntSupplier port;

  public Http(int port) {
    this(() -> port);
  }

  /** A client of a server that may start after it is made: it reads {@code port} at each request. */
  public Http(IntSupplier port) {
    this.port = port;
  }

  /** A request with any method, headers and body, for tests of what the server refuses. */
  public Reply send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port.getAsInt() + path);
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** A GET answered from this scheduler's own copy of the state, even when it follows. */
  public Reply getLocal(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("X-Aurora-Local-Read", "true").GET());
  }

  public Reply post(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").DELETE());
  }

  public Reply put(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      return reply(client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
