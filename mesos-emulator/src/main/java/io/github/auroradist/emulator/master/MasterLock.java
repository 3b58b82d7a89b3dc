package io.github.auroradist.emulator.master;

import io.github.auroradist.emulator.timers.TimerThreads;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one lock over the master's state, and the timer thread whose work runs under it. Every part
 * of the master expects its callers to hold this lock; {@link Master}'s entry points and the timers
 * take it, so nothing else has to.
 */
final class MasterLock implements AutoCloseable {
  private final Object lock = new Object();
  private final TimerThreads timers = new TimerThreads("master-timers", 1);

  <T> T call(Supplier<T> work) {
    synchronized (lock) {
      return work.get();
    }
  }

  void run(Runnable work) {
    synchronized (lock) {
      work.run();
    }
  }

  /** Runs the work on the timer thread as soon as it is free. */
  void soon(Runnable work) {
    timers.execute(() -> run(work));
  }

  ScheduledFuture<?> after(Duration delay, Runnable work) {
    return timers.schedule(() -> run(work), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs the work every period, the first time one period from now. */
  void every(Duration period, Runnable work) {
    long ms = period.toMillis();
    // Not kept: nothing cancels it but close(), and the timer threads log a failure.
    var unused = timers.scheduleWithFixedDelay(() -> run(work), ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }
}
