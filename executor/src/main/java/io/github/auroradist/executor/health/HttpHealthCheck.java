package io.github.auroradist.executor.health;

import io.github.auroradist.common.thermos.config.HttpHealthChecker;
import io.github.auroradist.mesos.http.PlainHttpOnly;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * GETs the endpoint on the task's {@code health} port. With {@code expected_response_code} 0 a 2xx
 * answer whose body equals {@code expected_response} (trimmed, any case) passes; otherwise the
 * status code alone must match.
 */
public final class HttpHealthCheck implements HealthCheck {
  private final URI uri;
  private final HttpHealthChecker config;
  private final Duration timeout;
  private final HttpClient client;

  public HttpHealthCheck(String host, int port, HttpHealthChecker config, Duration timeout) {
    String endpoint = config.endpoint().startsWith("/") ? config.endpoint() : "/" + config.endpoint();
    this.uri = URI.create("http://" + host + ":" + port + endpoint);
    this.config = config;
    this.timeout = timeout;
    // The URI is always http: no TLS set-up in the executor for it.
    this.client = PlainHttpOnly.apply(HttpClient.newBuilder()).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public URI uri() {
    return uri;
  }

  @Override
  public Result check() {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return Result.failed("no answer from " + uri + " within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return Result.failed("cannot reach " + uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.failed("interrupted while checking " + uri);
    }
    int code = response.statusCode();
    if (config.expectedResponseCode() != 0) {
      return code == config.expectedResponseCode() ? Result.ok()
          : Result.failed(uri + " answered HTTP " + code + ", expected " + config.expectedResponseCode());
    }
    if (code < 200 || code >= 300) {
      return Result.failed(uri + " answered HTTP " + code);
    }
    String body = response.body() == null ? "" : response.body().trim();
    if (!body.toLowerCase(Locale.ROOT).equals(config.expectedResponse().trim().toLowerCase(Locale.ROOT))) {
      String shown = body.length() > 100 ? body.substring(0, 100) + "..." : body;
      return Result.failed(uri + " answered '" + shown + "', expected '" + config.expectedResponse() + "'");
    }
    return Result.ok();
  }
}
