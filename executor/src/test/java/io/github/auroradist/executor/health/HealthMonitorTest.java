package io.github.auroradist.executor.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.common.thermos.config.HealthCheckConfig;
import io.github.auroradist.common.thermos.config.HttpHealthChecker;
import io.github.auroradist.common.thermos.config.HttpLifecycleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthMonitorTest {
  @TempDir Path sandbox;
  TestHttpServer server;
  final List<String> events = new CopyOnWriteArrayList<>();
  HealthMonitor monitor;

  @BeforeEach
  void setUp() throws Exception {
    server = new TestHttpServer();
  }

  @AfterEach
  void tearDown() {
    if (monitor != null) {
      monitor.close();
    }
    server.close();
  }

  private static HealthCheckConfig config(double initial, int maxFailures, int minSuccesses) {
    return new HealthCheckConfig(null, initial, 0.1, maxFailures, minSuccesses, 1.0);
  }

  private HttpHealthCheck http(HttpHealthChecker checker) {
    return new HttpHealthCheck("127.0.0.1", server.port(), checker, Duration.ofSeconds(1));
  }

  private void monitor(HealthCheck check, HealthCheckConfig config) {
    monitor(check, config, () -> {});
  }

  /** Records the transitions; {@code afterHealthy} runs once "healthy" is recorded. */
  private void monitor(HealthCheck check, HealthCheckConfig config, Runnable afterHealthy) {
    monitor = new HealthMonitor(check, config, sandbox, new HealthMonitor.Listener() {
      @Override
      public void healthy() {
        events.add("healthy");
        afterHealthy.run();
      }

      @Override
      public void unhealthy(String reason) {
        events.add("unhealthy: " + reason);
      }
    });
    monitor.start();
  }

  @Test
  void becomesHealthyAfterMinConsecutiveSuccesses() {
    monitor(http(HttpHealthChecker.defaults()), config(0, 0, 3));
    await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("healthy"));
    assertThat(server.requests.stream().filter(r -> r.equals("GET /health")).count()).isGreaterThanOrEqualTo(3);
    assertThat(events).containsExactly("healthy");
  }

  @Test
  void wrongBodyFailsOnceTheInitialIntervalIsOver() {
    server.body = "not ok";
    long start = System.nanoTime();
    monitor(http(HttpHealthChecker.defaults()), config(0.5, 1, 1));
    await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(500).toNanos());
    assertThat(events.get(0)).startsWith("unhealthy: ").contains("answered 'not ok', expected 'ok'")
        .contains("2 consecutive failures");
  }

  @Test
  void failuresDuringTheInitialIntervalAreIgnored() throws Exception {
    server.status = 503;
    monitor(http(HttpHealthChecker.defaults()), config(1.5, 0, 1));
    await().atMost(Duration.ofSeconds(5)).until(() -> server.requests.size() >= 2); // both failed, both ignored
    server.status = 200;
    await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("healthy"));
    assertThat(events).containsExactly("healthy");
  }

  @Test
  void aListenerThatThrowsDoesNotEndMonitoring() {
    monitor(http(HttpHealthChecker.defaults()), config(0, 0, 1), () -> {
      throw new IllegalStateException("announcing the healthy task failed");
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("healthy"));
    server.status = 500;
    await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
    assertThat(events.get(1)).startsWith("unhealthy: ").contains("HTTP 500");
  }

  @Test
  void expectedResponseCodeChecksOnlyTheStatus() {
    server.status = 204;
    server.body = "";
    monitor(http(new HttpHealthChecker("/ready", "ignored", 204)), config(0, 0, 1));
    await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("healthy"));
    assertThat(server.requests).contains("GET /ready");
  }

  @Test
  void unreachablePortFails() {
    server.close();
    monitor(http(HttpHealthChecker.defaults()), config(0, 0, 1));
    await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
    assertThat(events.get(0)).contains("cannot reach");
  }

  @Test
  void snoozeFileKeepsAFailingTaskAlive() throws Exception {
    server.status = 500;
    Files.createFile(sandbox.resolve(".healthchecksnooze"));
    // Healthy needs 3 passes in a row: 3 snoozed probes passed without asking the failing server.
    monitor(http(HttpHealthChecker.defaults()), config(0, 0, 3));
    await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("healthy"));
    assertThat(server.requests).isEmpty();
    assertThat(events).containsExactly("healthy");
    Files.delete(sandbox.resolve(".healthchecksnooze"));
    await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
    assertThat(events.get(1)).contains("HTTP 500");
  }

  @Test
  void shellChecksPassOnExitZeroAndFailOtherwise() throws Exception {
    Files.writeString(sandbox.resolve("state"), "good");
    monitor(new ShellHealthCheck("grep -q good state", sandbox, Optional.empty(), Optional.empty(),
        Duration.ofSeconds(2)),
        config(0, 1, 1));
    await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("healthy"));
    Files.writeString(sandbox.resolve("state"), "bad");
    await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
    assertThat(events.get(1)).contains("'grep -q good state' exited with 1");
  }

  @Test
  void aCheckInterruptedByCloseIsNotAFailure() throws Exception {
    CountDownLatch checking = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    // Like a shell check whose wait the kill interrupts: it reports a failure on its way out.
    HealthCheck blocking = () -> {
      checking.countDown();
      try {
        new CountDownLatch(1).await();
        return HealthCheck.Result.ok();
      } catch (InterruptedException e) {
        return HealthCheck.Result.failed("interrupted");
      } finally {
        returned.countDown();
      }
    };
    monitor(blocking, config(0, 0, 1));
    assertThat(checking.await(5, TimeUnit.SECONDS)).isTrue();
    monitor.close();
    assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
    // Once the timer's thread is gone the round has ended, reported or not.
    await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("health-check") && t.isAlive()));
    assertThat(events).isEmpty();
  }

  @Test
  void shellCheckTimesOut() {
    HealthCheck.Result r = new ShellHealthCheck("sleep 5", sandbox, Optional.empty(), Optional.empty(),
        Duration.ofMillis(300)).check();
    assertThat(r.healthy()).isFalse();
    assertThat(r.reason()).contains("did not finish within 300 ms");
  }

  @Test
  void lifecyclePostsGracefulThenHardShutdownAndWaits() {
    HttpLifecycle lifecycle = new HttpLifecycle("127.0.0.1", server.port(),
        new HttpLifecycleConfig(null, null, null, 1, 1));
    long start = System.nanoTime();
    lifecycle.shutdown(() -> false, System.nanoTime() + 10_000_000_000L);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(server.requests).containsExactly("POST /quitquitquit", "POST /abortabortabort");
    assertThat(tookMs).isBetween(1900L, 5000L);
  }

  @Test
  void lifecycleStopsEarlyOnceTheTaskIsGone() {
    // The task exits as soon as it is asked to, well within graceful_shutdown_wait_secs (5).
    HttpLifecycle lifecycle = new HttpLifecycle("127.0.0.1", server.port(), HttpLifecycleConfig.defaults());
    long start = System.nanoTime();
    lifecycle.shutdown(() -> server.requests.contains("POST /quitquitquit"), System.nanoTime() + 20_000_000_000L);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
    assertThat(server.requests).containsExactly("POST /quitquitquit");
  }
}
