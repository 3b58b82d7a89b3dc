package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.LogDisk;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler whose log disk fills up refuses writes at once, saying so, reports it on /health, and takes writes
 * again as soon as space is freed. The disk is a real small tmpfs (mounting it needs root, as in CI).
 */
class LogDiskFullTest {
  @TempDir
  Path dir;
  Path mountPoint;
  LogDisk disk;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    // CI runs as root, so this always runs there; a developer's build without root skips it, as the README says.
    assumeTrue("root".equals(System.getProperty("user.name")),
        "this test mounts a tmpfs as the log disk and needs root; skipped");
    mountPoint = dir.resolve("disk");
    disk = LogDisk.mount(mountPoint, 48).orElseThrow();
  }

  @AfterEach
  void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void aFullLogDiskRefusesWritesAtOnceAndResumesWhenSpaceReturns() throws Exception {
    Path db = mountPoint.resolve("db");
    new LogDirectory(db).initialize(UUID.randomUUID());
    int logPort = Ports.free();
    try (Scheduler s = SchedulerFixture.start(SchedulerFixture.settings(db, logPort, SchedulerFixture.NO_MESOS))) {
      Http http = new Http(s.httpPort());
      assertThat(http.post("/api/jobs", TestJobs.job("www-data", "prod", "before", 1)).status()).isEqualTo(201);

      disk.fill();
      Instant start = Instant.now();
      Http.Reply refused = http.post("/api/jobs", TestJobs.job("www-data", "prod", "during", 1));
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.body()).contains("the log disk is full on coordinator 127.0.0.1:" + logPort)
          .contains(db.toString());
      Http.Reply health = http.get("/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.body()).contains("the log disk is full").contains(db.toString());

      disk.free();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http.get("/health").status())
          .isEqualTo(200));
      Http.Reply resumed = http.post("/api/jobs", TestJobs.job("www-data", "prod", "after", 1));
      assertThat(resumed.status()).as(resumed.body()).isEqualTo(201);
      assertThat(http.get("/api/jobs").body()).contains("before").contains("after")
          .doesNotContain("during");
    }
  }
}
