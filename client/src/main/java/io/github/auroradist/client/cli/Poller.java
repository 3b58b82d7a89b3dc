package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerException;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Looks at the scheduler every {@code interval} until a condition holds or {@code timeout} passes (exit 9). The
 * one wait loop of the commands (create's --wait-until, restart's batches, kill's batches); on a terminal it
 * keeps a progress line up to date.
 */
final class Poller {
  /** One look at the scheduler. */
  @FunctionalInterface
  interface Probe<T> {
    Look<T> look() throws SchedulerException;
  }

  /**
   * What a look found: the wait's {@code result}, or (result null) a {@code progress} line and how a timeout
   * now would end {@code "gave up after Ns"}.
   */
  record Look<T>(T result, String progress, String timedOut) {
    static <T> Look<T> done(T result) {
      return new Look<>(result, null, null);
    }

    static <T> Look<T> notYet(String progress, String timedOut) {
      return new Look<>(null, progress, timedOut);
    }
  }

  /** Waits; the tests' stand-in records the waits instead. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final Duration timeout;
  private final Duration interval;
  private final PrintWriter progress;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  /**
   * @param timeout how long to wait, zero or less for as long as it takes
   * @param progress where the progress line goes, null for nowhere
   */
  Poller(Duration timeout, Duration interval, PrintWriter progress, LongSupplier nanoTime, Sleeper sleeper) {
    this.timeout = timeout;
    this.interval = interval;
    this.progress = progress;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** A poller on the real clock that shows progress on {@code out} when standard output is a terminal. */
  static Poller of(int timeoutSecs, Duration interval, PrintWriter out) {
    return new Poller(Duration.ofSeconds(timeoutSecs), interval, onTerminal() ? out : null,
        System::nanoTime, Poller::sleepNanos);
  }

  /** A poller on the real clock with no progress line, for a wait that prints lines of its own. */
  static Poller withoutProgress(int timeoutSecs, Duration interval) {
    return new Poller(Duration.ofSeconds(timeoutSecs), interval, null, System::nanoTime, Poller::sleepNanos);
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }

  /**
   * Whether standard input and output are a terminal. Up to JDK 21 a console exists only then; from JDK 22
   * on one always exists and {@code Console.isTerminal()} (absent from JDK 17, hence the reflection) says.
   */
  @SuppressWarnings("SystemConsoleNull") // the null test is for JDK 17 to 21; isTerminal() covers JDK 22 on
  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException beforeJdk22) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Looks until {@code probe} finds a result and returns it. */
  <T> T until(Probe<T> probe) throws SchedulerException, InterruptedException {
    boolean forever = timeout.isZero() || timeout.isNegative();
    long deadline = nanoTime.getAsLong() + (forever ? 0 : timeout.toNanos());
    int shown = 0;
    while (true) {
      Look<T> look = probe.look();
      if (look.result() != null) {
        if (shown > 0) {
          // Blank the progress line so that what the command prints next starts on a clean line.
          progress.print("\r" + " ".repeat(shown) + "\r");
          progress.flush();
        }
        return look.result();
      }
      long left = forever ? Long.MAX_VALUE : deadline - nanoTime.getAsLong();
      if (left <= 0) {
        throw new CommandFailure(ExitCodes.TIMEOUT, "gave up after " + timeout.toSeconds() + "s" + look.timedOut());
      }
      if (progress != null) {
        String line = look.progress() + "   ";
        progress.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        progress.flush();
        shown = Math.max(shown, line.length());
      }
      // The last look comes at the deadline, not an interval after it.
      sleeper.sleep(Math.min(interval.toNanos(), left));
    }
  }
}
