package io.github.auroradist.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.RunningScheduler;
import io.github.auroradist.scheduler.testing.TestJobs;
import io.github.auroradist.scheduler.testing.TestTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Job keys no URL or sandbox path can carry ('.', '..', too long) are refused for new jobs; jobs stored with
 * such keys before still load, and operators remove them through an admin call that takes the key in its body.
 */
class UnreachableJobKeysTest {
  @RegisterExtension
  static final RunningScheduler running = new RunningScheduler();
  static final Http http = running.http();

  @Test
  void createAndCronScheduleRefuseDotKeysNamingEachProblem() {
    for (String path : new String[] {"/api/jobs", "/api/cron"}) {
      String body = TestJobs.job(".", "prod", "..", 1, "");
      if (path.equals("/api/cron")) {
        body = body.replace("\"instanceCount\": 1,", "\"instanceCount\": 1, \"cronSchedule\": \"0 3 * * *\",");
      }
      Http.Reply r = http.post(path, body);
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
      assertThat(r.json().get("message").asText()).startsWith("key")
          .contains("role '.' is not allowed", "name '..' is not allowed");
    }
    assertThat(http.get("/api/jobs?role=.").json().get("jobs")).isEmpty();
  }

  @Test
  void createRefusesKeysTooLongForASandboxPath() {
    Http.Reply r = http.post("/api/jobs", TestJobs.job("r".repeat(100), "prod", "n".repeat(100), 1, ""));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).startsWith("key").contains("too long", "204 characters", "200");
  }

  @Test
  void aStoredDotDotJobLoadsAndAnOperatorRemovesIt() {
    JobKey stuck = new JobKey("stuck", "prod", "..");
    JobConfiguration job = TestTasks.job(stuck, 2, true);
    running.scheduler().storage().write(new Op.SaveJob(job), new Op.SaveTasks(java.util.List.of(
        TestTasks.pending(stuck, 0, "stuck-prod-..-0-a"), TestTasks.pending(stuck, 1, "stuck-prod-..-1-b"))));
    assertThat(http.get("/api/jobs?role=stuck").json().get("jobs")).hasSize(1);

    Http.Reply removed = http.post("/api/admin/jobs/remove",
        "{\"role\": \"stuck\", \"environment\": \"prod\", \"name\": \"..\"}");
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(removed.json().get("job").get("name").asText()).isEqualTo("..");
    assertThat(removed.json().get("taskIds")).hasSize(2);
    assertThat(removed.json().get("jobRemoved").asBoolean()).isTrue();
    assertThat(http.get("/api/jobs?role=stuck").json().get("jobs")).isEmpty();
    assertThat(http.get("/api/tasks?role=stuck&statuses=ACTIVE").json().get("tasks")).isEmpty();

    Http.Reply again = http.post("/api/admin/jobs/remove",
        "{\"role\": \"stuck\", \"environment\": \"prod\", \"name\": \"..\"}");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().get("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void removingAStoredCronJobRemovesItsSchedule() {
    JobKey stuck = new JobKey("stuckcron", ".", "nightly");
    JobConfiguration plain = TestTasks.job(stuck, 1, false);
    running.scheduler().storage().write(new Op.SaveJob(new JobConfiguration(stuck, plain.owner(), "0 3 * * *", null, 1,
        plain.taskConfig())));
    assertThat(http.get("/api/cron").json().get("cronJobs"))
        .anySatisfy(c -> assertThat(c.get("job").get("key").get("role").asText()).isEqualTo("stuckcron"));

    Http.Reply removed = http.post("/api/admin/jobs/remove",
        "{\"role\": \"stuckcron\", \"environment\": \".\", \"name\": \"nightly\"}");
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(removed.json().get("taskIds")).isEmpty();
    assertThat(http.get("/api/cron").json().get("cronJobs"))
        .noneSatisfy(c -> assertThat(c.get("job").get("key").get("role").asText()).isEqualTo("stuckcron"));
  }

  @Test
  void theRemoveCallNamesWhatIsWrongWithItsBody() {
    Http.Reply noBody = http.post("/api/admin/jobs/remove", "");
    assertThat(noBody.status()).isEqualTo(400);
    assertThat(noBody.json().get("message").asText()).startsWith("body:");
    Http.Reply badRole = http.post("/api/admin/jobs/remove",
        "{\"role\": \"a b\", \"environment\": \"prod\", \"name\": \"x\"}");
    assertThat(badRole.status()).isEqualTo(400);
    assertThat(badRole.json().get("message").asText()).contains("role 'a b'");
  }
}
