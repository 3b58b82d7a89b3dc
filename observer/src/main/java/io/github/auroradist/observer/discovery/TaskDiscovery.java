package io.github.auroradist.observer.discovery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rescans the Mesos work directory every polling interval on one background thread and publishes
 * each result as the current {@link Snapshot}. A failed scan keeps the previous snapshot.
 */
public final class TaskDiscovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDiscovery.class);

  private final CheckpointScanner scanner;
  private final Duration interval;
  private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);
  private final AtomicLong failedScans = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "checkpoint-scanner");
    t.setDaemon(true);
    return t;
  });
  /** The periodic rescans, cancelled on close; null until started. */
  private volatile ScheduledFuture<?> rescans;

  public TaskDiscovery(CheckpointScanner scanner, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("polling interval must be positive, got " + interval);
    }
    this.scanner = scanner;
    this.interval = interval;
  }

  /** Scans once now (so the first page is complete), then every interval in the background. */
  public void start() {
    scanOnce();
    long ms = interval.toMillis();
    rescans = timer.scheduleWithFixedDelay(this::scanOnce, ms, ms, TimeUnit.MILLISECONDS);
  }

  public Snapshot snapshot() {
    return current.get();
  }

  public long failedScans() {
    return failedScans.get();
  }

  public Duration interval() {
    return interval;
  }

  private void scanOnce() {
    try {
      Snapshot next = scanner.scan();
      Snapshot previous = current.getAndSet(next);
      if (!next.problems().equals(previous.problems())) {
        next.problems().forEach(p -> LOG.warn("Scan of {}: {}", scanner.mesosRoot(), p));
      }
      if (previous.tasks().size() != next.tasks().size()) {
        LOG.info("Found {} tasks under {} ({} active, {} unreadable) in {} ms", next.tasks().size(),
            scanner.mesosRoot(), next.count(ObservedTask.Status.ACTIVE),
            next.count(ObservedTask.Status.UNREADABLE), next.scanDurationMs());
      }
    } catch (RuntimeException e) {
      // Keep serving the last good snapshot; an exception must not cancel the periodic scan.
      failedScans.incrementAndGet();
      LOG.error("Scan of {} failed; keeping the previous results", scanner.mesosRoot(), e);
    }
  }

  @Override
  public void close() {
    ScheduledFuture<?> scans = rescans;
    if (scans != null) {
      scans.cancel(true);
    }
    timer.shutdownNow();
  }
}
