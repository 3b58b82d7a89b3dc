package io.github.auroradist.scheduler.lifecycle;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers of one scheduler: every delayed and periodic job it runs. A pool on its own swallows a job's
 * failure into the job's future, and a periodic job that failed once is silently never run again; here a job
 * that fails with an Error, or a periodic job that fails at all, ends the process instead (see
 * {@link ProcessHealth}), and a one-shot job's exception is logged.
 */
public final class SchedulerTimers extends ScheduledThreadPoolExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerTimers.class);

  private final ProcessHealth.Parts parts;

  public SchedulerTimers(ProcessHealth.Parts parts, int threads) {
    super(threads, parts.threads("scheduler-timers", "the scheduler's timers"));
    this.parts = parts;
    setRemoveOnCancelPolicy(true);
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
