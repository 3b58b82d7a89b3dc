package io.github.auroradist.emulator.timers;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daemon timer threads that log every failure of their tasks. A scheduled executor keeps a task's
 * exception in the task's future, where nobody looks, and never runs a periodic task that threw
 * again; here each such failure is logged, so callers may drop the futures they do not cancel.
 */
public final class TimerThreads extends ScheduledThreadPoolExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(TimerThreads.class);

  private final String name;

  /** {@code threads} daemon threads, each named {@code name}. */
  public TimerThreads(String name, int threads) {
    super(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    this.name = name;
  }

  @Override
  protected void afterExecute(Runnable task, Throwable thrown) {
    super.afterExecute(task, thrown);
    Throwable failure = thrown;
    // Scheduled tasks run as futures: a failure ends them (periodic ones too) and waits inside.
    if (failure == null && task instanceof Future<?> future && future.isDone()) {
      try {
        future.get();
      } catch (ExecutionException e) {
        failure = e.getCause();
      } catch (CancellationException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) {
      LOG.error("a task on the {} timer threads failed; a periodic one does not run again", name, failure);
    }
  }
}
