package io.github.auroradist.executor.health;

import io.github.auroradist.common.thermos.config.HttpLifecycleConfig;
import io.github.auroradist.mesos.http.PlainHttpOnly;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a task to stop over HTTP before it gets signals: POST the graceful shutdown endpoint
 * ({@code /quitquitquit}), wait, POST the shutdown endpoint ({@code /abortabortabort}), wait.
 * A wait ends early once the task has stopped by itself.
 */
public final class HttpLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(HttpLifecycle.class);

  private final String host;
  private final int port;
  private final HttpLifecycleConfig config;
  // The endpoints are always http: no TLS set-up in the executor for them.
  private final HttpClient client =
      PlainHttpOnly.apply(HttpClient.newBuilder()).connectTimeout(Duration.ofSeconds(2)).build();

  public HttpLifecycle(String host, int port, HttpLifecycleConfig config) {
    this.host = host;
    this.port = port;
    this.config = config;
  }

  /** Runs both steps, bounded by {@code deadlineNanos} (System.nanoTime based). */
  public void shutdown(BooleanSupplier stopped, long deadlineNanos) {
    step(config.gracefulShutdownEndpoint(), config.gracefulShutdownWaitSecs(), stopped, deadlineNanos);
    step(config.shutdownEndpoint(), config.shutdownWaitSecs(), stopped, deadlineNanos);
  }

  private void step(String endpoint, int waitSecs, BooleanSupplier stopped, long deadlineNanos) {
    if (stopped.getAsBoolean() || System.nanoTime() >= deadlineNanos) {
      return;
    }
    URI uri = URI.create("http://" + host + ":" + port + (endpoint.startsWith("/") ? "" : "/") + endpoint);
    try {
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      LOG.info("POST {} answered {}", uri, response.statusCode());
    } catch (Exception e) {
      LOG.info("POST {} failed: {}", uri, e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    long until = Math.min(deadlineNanos, System.nanoTime() + waitSecs * 1_000_000_000L);
    while (System.nanoTime() < until && !stopped.getAsBoolean()) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
