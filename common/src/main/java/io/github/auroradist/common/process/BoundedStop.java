package io.github.auroradist.common.process;

import java.time.Duration;

/**
 * A daemon's stop on SIGTERM that cannot hang: the stop runs in a shutdown hook, and if it has not finished
 * within the bound the process halts anyway. A wedged stop (a part that never returns from closing) would
 * otherwise keep the process, its ports and its files until the service manager's own timeout kills it.
 */
public final class BoundedStop {
  /** How long a daemon's stop may take before the process halts; docs/operations.md names it. */
  public static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);
  /** The status of a process whose stop did not finish in time (sysexits.h's EX_SOFTWARE). */
  public static final int HALTED = ProcessHealth.EX_SOFTWARE;

  private BoundedStop() {
  }

  /** Runs {@code stop} when the JVM is asked to end; halts with {@link #HALTED} after {@code bound}. */
  public static void install(String daemon, Duration bound, Runnable stop) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Thread watchdog = new Thread(() -> {
        try {
          Thread.sleep(bound.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        // stderr: the logger may be what is wedged, and the journal keeps stderr.
        System.err.println(daemon + ": stopping took longer than " + bound.toSeconds() + " s; halting");
        Runtime.getRuntime().halt(HALTED);
      }, daemon + "-stop-bound");
      watchdog.setDaemon(true);
      watchdog.start();
      stop.run();
      watchdog.interrupt();
    }, daemon + "-stop"));
  }
}
