package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.MutableClock;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.StoredState;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreTest {
  @TempDir
  Path dir;

  @Test
  void backupsAreWrittenAndRotatedAndRestoreALostCluster() throws Exception {
    Path backups = dir.resolve("backups");
    SchedulerSettings original = SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        SchedulerFixture.NO_MESOS, "-backup_dir=" + backups, "-backup_interval=1secs", "-max_saved_backups=2");
    StoredState before;
    try (Scheduler s = SchedulerFixture.start(original)) {
      Http http = new Http(s.httpPort());
      assertThat(http.post("/api/jobs", TestJobs.job("r", "prod", "kept", 3)).status()).isEqualTo(201);
      assertThat(http.put("/api/quotas/r", "{\"cpu\": 4, \"ramMb\": 100, \"diskMb\": 100}").status()).isEqualTo(200);
      before = StoredState.of(http);
      Http.Reply now = http.post("/api/admin/backup", "");
      assertThat(now.status()).as(now.body()).isEqualTo(200);
      assertThat(Path.of(now.json().get("file").asText())).exists();
      assertThat(http.get("/api/admin/backups").json().get("backups").get(0).asText()).startsWith("scheduler-backup-");
      long start = s.stats().values().getOrDefault("scheduler_backups", 0).longValue();
      await().atMost(Duration.ofSeconds(20)).until(() ->
          s.stats().values().getOrDefault("scheduler_backups", 0).longValue() >= start + 3);
    }
    List<Path> files = new BackupWriter(new InMemoryStores(), backups, 2, java.time.Clock.systemUTC()).list();
    assertThat(files).hasSize(2);
    assertThat(BackupWriter.read(files.get(1)).tasks()).hasSize(3);

    // Every log is lost: a new log starts from the latest backup.
    Path newLog = dir.resolve("new-db");
    StringWriter out = new StringWriter();
    int code = SchedulerLogTool.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
        "initialize", "--path=" + newLog, "--from-backup=" + files.get(1));
    assertThat(code).isZero();
    assertThat(out.toString()).contains("loads " + files.get(1));
    SchedulerSettings restored = SchedulerFixture.settings(newLog, Ports.free(), SchedulerFixture.NO_MESOS);
    try (Scheduler s = SchedulerFixture.start(restored)) {
      Http http = new Http(s.httpPort());
      assertThat(StoredState.of(http)).isEqualTo(before);
      assertThat(http.get("/api/quotas/r").json().get("quota").get("cpu").asDouble()).isEqualTo(4.0);
    }
    assertThat(newLog.resolve(LogDirectory.PENDING_RESTORE)).doesNotExist();
    assertThat(newLog.resolve(LogDirectory.PENDING_RESTORE + ".applied")).exists();
    // The restore is in the log itself: it survives a restart.
    try (Scheduler s = SchedulerFixture.start(restored)) {
      assertThat(StoredState.of(new Http(s.httpPort()))).isEqualTo(before);
    }
  }

  @Test
  void theNextBackupIsDueAnIntervalAfterTheNewestSoLeaderChangesDoNotResetTheClock() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    BackupWriter writer = new BackupWriter(new InMemoryStores(), dir.resolve("due"), 3, clock);
    assertThat(writer.untilDue(Duration.ofHours(1))).isEqualTo(Duration.ZERO);
    writer.backupNow();
    clock.advance(Duration.ofMinutes(20));
    assertThat(writer.untilDue(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(40));
    clock.advance(Duration.ofHours(2));
    assertThat(writer.untilDue(Duration.ofHours(1))).isEqualTo(Duration.ZERO);
  }

  @Test
  void aBadBackupIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"nope\": 1}");
    StringWriter err = new StringWriter();
    int code = SchedulerLogTool.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        "initialize", "--path=" + dir.resolve("db"), "--from-backup=" + bad);
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("is not a scheduler backup");
    assertThat(dir.resolve("db").resolve(LogDirectory.MARKER)).doesNotExist();
  }
}
