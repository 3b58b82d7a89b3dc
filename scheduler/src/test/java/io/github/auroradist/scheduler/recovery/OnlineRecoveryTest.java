package io.github.auroradist.scheduler.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.StoredState;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running cluster recovers from one of its backups: staged beside the live state, trimmed, then committed. */
class OnlineRecoveryTest {
  @TempDir
  Path dir;

  @Test
  void aStagedBackupIsListedTrimmedAndCommittedIntoTheLog() throws Exception {
    SchedulerSettings settings = SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        SchedulerFixture.NO_MESOS, "-backup_dir=" + dir.resolve("backups"));
    StoredState recovered;
    try (Scheduler s = SchedulerFixture.start(settings)) {
      Http http = new Http(s.httpPort());
      assertThat(http.post("/api/jobs", TestJobs.job("r", "prod", "kept", 3)).status()).isEqualTo(201);
      String backup = Path.of(http.post("/api/admin/backup", "").json().get("file").asText()).getFileName()
          .toString();
      // After the backup: another job, which the recovery must take away.
      assertThat(http.post("/api/jobs", TestJobs.job("r", "prod", "later", 2)).status()).isEqualTo(201);
      StoredState live = StoredState.of(http);

      // Nothing staged yet.
      assertConflict(http.get("/api/admin/recovery/tasks"), "no backup is staged");
      assertConflict(http.post("/api/admin/recovery/commit", ""), "no backup is staged");
      assertConflict(http.post("/api/admin/recovery/unload", ""), "no backup is staged");
      Http.Reply unknown = http.post("/api/admin/recovery/stage", "{\"backup\": \"scheduler-backup-nope.json\"}");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.json().get("message").asText()).contains("scheduler-backup-nope.json does not exist");
      assertThat(http.post("/api/admin/recovery/stage", "{\"backup\": \"../../etc/passwd\"}").status())
          .isEqualTo(404);
      assertThat(http.post("/api/admin/recovery/stage", "").status()).isEqualTo(400);

      Http.Reply staged = http.post("/api/admin/recovery/stage", "{\"backup\": \"" + backup + "\"}");
      assertThat(staged.status()).as(staged.body()).isEqualTo(200);
      assertThat(staged.json().get("backup").asText()).isEqualTo(backup);
      assertThat(staged.json().get("jobs").asInt()).isEqualTo(1);
      assertThat(staged.json().get("tasks").asInt()).isEqualTo(3);
      assertConflict(http.post("/api/admin/recovery/stage", "{\"backup\": \"" + backup + "\"}"),
          "backup " + backup + " is already staged; unload it first");

      assertThat(instances(http.get("/api/admin/recovery/tasks"))).containsExactlyInAnyOrder(0, 1, 2);
      assertThat(instances(http.get("/api/admin/recovery/tasks?role=r&environment=prod&name=kept&instances=1-2")))
          .containsExactlyInAnyOrder(1, 2);
      assertThat(instances(http.get("/api/admin/recovery/tasks?name=later"))).isEmpty();
      String oneId = http.get("/api/admin/recovery/tasks?instances=0").json().get("tasks").get(0)
          .get("assignedTask").get("taskId").asText();
      assertThat(instances(http.get("/api/admin/recovery/tasks?taskIds=" + oneId))).containsExactly(0);

      // Deleting touches the staged copy only, and needs a selection.
      assertThat(http.post("/api/admin/recovery/tasks/delete", "").status()).isEqualTo(400);
      Http.Reply deleted = http.post("/api/admin/recovery/tasks/delete",
          "{\"role\": \"r\", \"environment\": \"prod\", \"name\": \"kept\", \"instances\": [2]}");
      assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
      assertThat(deleted.json().get("deleted")).hasSize(1);
      assertThat(instances(http.get("/api/admin/recovery/tasks"))).containsExactlyInAnyOrder(0, 1);
      assertThat(StoredState.of(http)).isEqualTo(live);

      Http.Reply committed = http.post("/api/admin/recovery/commit", "");
      assertThat(committed.status()).as(committed.body()).isEqualTo(200);
      assertThat(committed.json().get("backup").asText()).isEqualTo(backup);
      assertThat(committed.json().get("tasks").asInt()).isEqualTo(2);
      assertThat(instances(http.get("/api/tasks"))).containsExactlyInAnyOrder(0, 1);
      assertThat(http.get("/api/tasks?name=later").json().get("tasks")).isEmpty();
      assertThat(http.get("/api/jobs").json().get("jobs")).singleElement()
          .satisfies(j -> assertThat(j.get("key").get("name").asText()).isEqualTo("kept"));
      assertConflict(http.get("/api/admin/recovery/tasks"), "no backup is staged");
      recovered = StoredState.of(http);

      // A stage that is unloaded changes nothing.
      assertThat(http.post("/api/admin/recovery/stage", "{\"backup\": \"" + backup + "\"}").status()).isEqualTo(200);
      Http.Reply unloaded = http.post("/api/admin/recovery/unload", "");
      assertThat(unloaded.status()).isEqualTo(200);
      assertThat(unloaded.json().get("backup").asText()).isEqualTo(backup);
      assertConflict(http.post("/api/admin/recovery/commit", ""), "no backup is staged");
      assertThat(StoredState.of(http)).isEqualTo(recovered);
    }
    // The recovery went through the log: a restarted scheduler holds it.
    try (Scheduler s = SchedulerFixture.start(settings)) {
      assertThat(StoredState.of(new Http(s.httpPort()))).isEqualTo(recovered);
    }
  }

  private static void assertConflict(Http.Reply reply, String message) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(409);
    assertThat(reply.json().get("code").asText()).isEqualTo("RECOVERY_CONFLICT");
    assertThat(reply.json().get("message").asText()).contains(message);
  }

  private static List<Integer> instances(Http.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    List<Integer> out = new ArrayList<>();
    for (JsonNode t : reply.json().get("tasks")) {
      out.add(t.get("assignedTask").get("instanceId").asInt());
    }
    return out;
  }
}
