package io.github.auroradist.executor.health;

import io.github.auroradist.common.thermos.config.HealthCheckConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a health check every {@code interval_secs} and decides, as Aurora does: failures during the
 * first {@code initial_interval_secs} are ignored; {@code min_consecutive_successes} passes in a row
 * make the task healthy (once); more than {@code max_consecutive_failures} failures in a row make it
 * unhealthy, which ends monitoring. While {@code <sandbox>/.healthchecksnooze} exists the check is
 * not run and counts as a pass, so an operator can keep a misbehaving task alive to debug it.
 */
public final class HealthMonitor implements AutoCloseable {
  public static final String SNOOZE_FILE = ".healthchecksnooze";
  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

  /** Told about the transitions; called on the monitor's thread. */
  public interface Listener {
    void healthy();

    void unhealthy(String reason);
  }

  private final HealthCheck check;
  private final HealthCheckConfig config;
  private final Path snoozeFile;
  private final Listener listener;
  private final ScheduledExecutorService timer;
  private long startedNanos;
  private int successes;
  private int failures;
  private boolean healthy;
  private volatile boolean finished;

  public HealthMonitor(HealthCheck check, HealthCheckConfig config, Path sandbox, Listener listener) {
    this.check = check;
    this.config = config;
    this.snoozeFile = sandbox.resolve(SNOOZE_FILE);
    this.listener = listener;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "health-check");
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    startedNanos = System.nanoTime();
    long intervalMs = Math.max(1, (long) (config.intervalSecs() * 1000));
    // The first probe goes out right away so a quick service turns RUNNING quickly.
    // The future is not kept: probe reports its own failures, and close() shuts the timer down.
    var unused = timer.scheduleWithFixedDelay(this::probe, 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  public boolean isHealthy() {
    return healthy;
  }

  /** Never throws: a periodic task that throws is never run again, which would end monitoring silently. */
  private void probe() {
    try {
      probeOnce();
    } catch (RuntimeException e) {
      LOG.error("a health check round failed; the next one runs as scheduled", e);
    }
  }

  private void probeOnce() {
    if (finished) {
      return;
    }
    HealthCheck.Result result;
    if (Files.exists(snoozeFile)) {
      LOG.info("{} exists; health checks are snoozed", snoozeFile);
      result = HealthCheck.Result.ok();
    } else {
      try {
        result = check.check();
      } catch (RuntimeException e) {
        result = HealthCheck.Result.failed("health check error: " + e);
      }
    }
    if (finished) {
      return; // closed (the task is being killed) while checking: an interrupted check is no verdict
    }
    if (result.healthy()) {
      failures = 0;
      successes++;
      if (!healthy && successes >= config.minConsecutiveSuccesses()) {
        healthy = true;
        listener.healthy();
      }
      return;
    }
    successes = 0;
    long elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000;
    if (!healthy && elapsedMs < config.initialIntervalSecs() * 1000) {
      LOG.debug("ignoring a failed health check during the initial interval: {}", result.reason());
      return;
    }
    failures++;
    LOG.warn("health check failed ({} in a row): {}", failures, result.reason());
    if (failures > config.maxConsecutiveFailures()) {
      finished = true;
      listener.unhealthy(result.reason() + " (" + failures + " consecutive failure"
          + (failures == 1 ? "" : "s") + ", max_consecutive_failures=" + config.maxConsecutiveFailures() + ")");
      timer.shutdown();
    }
  }

  @Override
  public void close() {
    finished = true;
    timer.shutdownNow();
  }
}
