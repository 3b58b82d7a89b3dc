package io.github.auroradist.scheduler.lifecycle;

import io.github.auroradist.common.process.ProcessHealth;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers of one scheduler: every delayed and periodic job it runs. A pool on its own swallows a job's
 * failure into the job's future, and a periodic job that failed once is silently never run again; here a job
 * that fails with an Error, or a periodic job that fails at all, ends the process instead (see
 * {@link ProcessHealth}), and a one-shot job's exception is logged. Periodic work is scheduled only through
 * {@link #every} and {@link #everyWhileLeading}.
 */
public final class SchedulerTimers extends ScheduledThreadPoolExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerTimers.class);

  private final ProcessHealth.Parts parts;
  private final SchedulerLifecycle lifecycle;

  public SchedulerTimers(ProcessHealth.Parts parts, SchedulerLifecycle lifecycle, int threads) {
    super(threads, parts.threads("scheduler-timers", "the scheduler's timers"));
    this.parts = parts;
    this.lifecycle = lifecycle;
    setRemoveOnCancelPolicy(true);
  }

  /** One run of periodic work. */
  @FunctionalInterface
  public interface Job {
    void run() throws Exception;
  }

  /**
   * Runs {@code body} {@code first} from now and then {@code interval} after each run ends, until these timers
   * stop. A run that throws an exception is logged as {@code "<what> failed"} and the next runs go on.
   */
  public void every(String what, Duration first, Duration interval, Job body) {
    // Not kept: a failed run is logged here (an Error ends the process in afterExecute), and close() stops it.
    var unused = scheduleWithFixedDelay(() -> {
      try {
        body.run();
      } catch (Exception e) {
        LOG.warn("{} failed", what, e);
      }
    }, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** As {@link #every}, skipping the runs that come while this scheduler does not accept writes (a leader's work). */
  public void everyWhileLeading(String what, Duration first, Duration interval, Job body) {
    every(what, first, interval, () -> {
      if (lifecycle.acceptsWrites()) {
        body.run();
      }
    });
  }

  @Override
  protected void afterExecute(Runnable job, Throwable thrown) {
    super.afterExecute(job, thrown);
    Throwable failure = thrown != null ? thrown : failureOf(job);
    if (failure == null) {
      return;
    }
    boolean periodic = job instanceof RunnableScheduledFuture<?> f && f.isPeriodic();
    if (failure instanceof Error || (periodic && !isShutdown())) {
      parts.die("a " + (periodic ? "periodic " : "") + "scheduler timer failed: " + failure, failure);
    } else {
      LOG.warn("A scheduler timer failed", failure);
    }
  }

  private static Throwable failureOf(Runnable job) {
    if (!(job instanceof Future<?> future) || !future.isDone() || future.isCancelled()) {
      return null;
    }
    try {
      future.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (CancellationException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Stops every timer at once; their threads end. */
  @Override
  public void close() {
    shutdownNow();
  }
}
