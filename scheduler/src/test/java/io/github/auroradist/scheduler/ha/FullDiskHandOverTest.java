package io.github.auroradist.scheduler.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.auroradist.scheduler.testing.LogDisk;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three coordinators, each log on its own small disk: when the leader's disk fills, leadership moves to one that can
 * write and writes go on; the full one is healthy again once space returns, with nothing lost.
 */
class FullDiskHandOverTest {
  private static final String ROLE = System.getProperty("user.name");

  private static void fillTheLeadersDiskAndFreeIt(CoordinatorRig rig, List<LogDisk> disks) throws IOException {
    SchedulerProcess full = rig.awaitOneLeader(Duration.ofMinutes(2));
    rig.writeUntilAccepted("POST", "/api/jobs", TestJobs.job(ROLE, "prod", "before", 1), Duration.ofSeconds(30));

    disks.get(full.index).fill();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(full.isLeading()).as("the full coordinator still leads").isFalse();
      assertThat(rig.schedulers.stream().filter(SchedulerProcess::isLeading)).hasSize(1);
    });
    rig.writeUntilAccepted("POST", "/api/jobs", TestJobs.job(ROLE, "prod", "during", 1), Duration.ofSeconds(60));

    disks.get(full.index).free();
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(full.status("/health")).contains(200));
    SchedulerProcess leader = rig.awaitOneLeader(Duration.ofSeconds(60));
    assertThat(leader.http().get("/api/jobs").body()).contains("before").contains("during");
  }

  private static void restartStopped(CoordinatorRig rig) {
    for (SchedulerProcess s : rig.schedulers) {
      try {
        if (!s.isAlive() && s.exitCode() != 78) {
          s.start();
        }
      } catch (IOException | RuntimeException e) {
        System.out.println("could not restart " + s + ": " + e);
      }
    }
  }

  @Test
  void aLeaderWhoseLogDiskFillsHandsOverAndRejoinsWhenSpaceReturns() throws Exception {
    assumeTrue("root".equals(ROLE), "this test mounts a tmpfs per coordinator and needs root; skipped");
    Path dir = CoordinatorRig.newDirectory("handover-");
    List<LogDisk> disks = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Optional<LogDisk> disk = LogDisk.mount(dir.resolve("scheduler-" + i), 64);
        assertThat(disk).isPresent();
        disks.add(disk.get());
      }
      try (CoordinatorRig rig = CoordinatorRig.create(dir, 3, 1)) {
        rig.startAll();
        // As systemd's unit does (Restart=always, RestartPreventExitStatus=78): a deposed leader that cannot rejoin
        // in its own process stops, and the service manager starts it again. Stopped before the rig closes.
        ScheduledExecutorService serviceManager = Executors.newSingleThreadScheduledExecutor();
        try {
          var unused = serviceManager.scheduleWithFixedDelay(() -> restartStopped(rig), 1, 1, TimeUnit.SECONDS);
          fillTheLeadersDiskAndFreeIt(rig, disks);
        } finally {
          serviceManager.shutdownNow();
          assertThat(serviceManager.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
      }
    } finally {
      for (LogDisk disk : disks) {
        disk.close();
      }
    }
  }
}
