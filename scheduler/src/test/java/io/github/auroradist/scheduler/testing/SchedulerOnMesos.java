package io.github.auroradist.scheduler.testing;

import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.scheduler.Scheduler;

/** A scheduler registered with an emulated Mesos cluster, and a client of its HTTP API; closes both. */
public record SchedulerOnMesos(EmulatorCluster cluster, Scheduler scheduler, Http http) implements AutoCloseable {
  /** Starts a scheduler (log under {@code dir}) on {@code cluster}, as {@link SchedulerFixture#startOnMesos}. */
  public static SchedulerOnMesos start(java.nio.file.Path dir, EmulatorCluster cluster, String... extra)
      throws Exception {
    try {
      Scheduler scheduler = SchedulerFixture.startOnMesos(dir, cluster, extra);
      return new SchedulerOnMesos(cluster, scheduler, new Http(scheduler.httpPort()));
    } catch (Exception | Error e) {
      try {
        cluster.close();
      } catch (java.io.IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      scheduler.close();
    } finally {
      closeCluster();
    }
  }

  private void closeCluster() {
    try {
      cluster.close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
