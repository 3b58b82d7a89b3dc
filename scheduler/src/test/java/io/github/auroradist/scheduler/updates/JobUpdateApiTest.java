package io.github.auroradist.scheduler.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.ScriptedExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job updates through the JSON API, on the Mesos emulator with scripted executors: an executor data of
 * {@code fail:MS} runs and then fails, anything else runs until killed.
 */
class JobUpdateApiTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final AtomicInteger JOBS = new AtomicInteger();

  @TempDir
  static Path dir;
  static EmulatorCluster cluster;
  static SchedulerSettings settings;
  static Scheduler scheduler;
  static final Http http = new Http(() -> scheduler.httpPort());

  @BeforeAll
  static void start() throws Exception {
    cluster = EmulatorCluster.builder(dir.resolve("mesos")).resources("cpus:8;mem:8192;disk:20000;ports:[31000-31200]")
        .attributes(EmulatorCluster.STANDARD_ATTRIBUTES).start();
    String master = cluster.masterUri().getHost() + ":" + cluster.masterUri().getPort();
    settings = SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(), master,
        "-thermos_executor_path=" + ScriptedExecutor.command(), "-thermos_executor_cpu=0.05",
        "-thermos_executor_ram=16MB", "-flapping_task_threshold=1secs", "-initial_flapping_task_delay=1secs");
    scheduler = SchedulerFixture.start(settings);
  }

  @AfterAll
  static void stop() throws Exception {
    if (scheduler != null) {
      scheduler.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static String job(String name, int instances, String behaviour) {
    return """
        {"key": {"role": "www-data", "environment": "devel", "name": "%s"}, "instanceCount": %d,
         "taskConfig": {"isService": true,
           "resources": {"cpu": 0.1, "ramMb": 16, "diskMb": 16},
           "executorConfig": {"name": "AuroraExecutor", "data": "%s"}}}
        """.formatted(name, instances, behaviour);
  }

  static String settings(int batch, String extra) {
    return """
        {"updateGroupSize": %d, "maxPerInstanceFailures": 0, "maxFailedInstances": 0,
         "minWaitInInstanceRunningMs": 1000, "rollbackOnFailure": true%s}
        """.formatted(batch, extra);
  }

  static String request(String job, String settings) {
    return "{\"job\": " + job + ", \"settings\": " + settings + ", \"message\": \"test\"}";
  }

  static String newJob(int instances, String behaviour) {
    String name = "upd" + JOBS.incrementAndGet();
    assertThat(http.post("/api/jobs", job(name, instances, behaviour)).status()).isEqualTo(201);
    awaitRunning(name, instances, behaviour);
    return name;
  }

  /** Instance to "STATUS behaviour" of the job's active tasks. */
  static Map<Integer, String> active(String name) {
    Map<Integer, String> out = new TreeMap<>();
    for (JsonNode t : http.get("/api/tasks?role=www-data&environment=devel&name=" + name + "&statuses=ACTIVE")
        .json().get("tasks")) {
      out.put(t.get("assignedTask").get("instanceId").asInt(), t.get("status").asText() + " "
          + t.get("assignedTask").get("task").get("executorConfig").get("data").asText());
    }
    return out;
  }

  static void awaitRunning(String name, int instances, String behaviour) {
    Map<Integer, String> want = new TreeMap<>();
    for (int i = 0; i < instances; i++) {
      want.put(i, "RUNNING " + behaviour);
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(active(name)).isEqualTo(want));
  }

  static String status(String name, String id) {
    return http.get("/api/updates/www-data/devel/" + name + "/" + id).json().get("update").get("summary")
        .get("state").get("status").asText();
  }

  static String start(String name, int instances, String behaviour, String settings) {
    Http.Reply started = http.post("/api/updates", request(job(name, instances, behaviour), settings));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json().get("summary").get("key").get("id").asText();
  }

  @Test
  void rollsForwardWithNoMoreThanABatchDown() {
    String name = newJob(4, "run");
    String id = start(name, 4, "run-v2", settings(2, ""));
    int[] mostDown = {0};
    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
      // One read: counting from two reads could count an instance down twice as it moves between them.
      Map<Integer, String> now = active(name);
      long down = now.values().stream().filter(s -> !s.startsWith("RUNNING")).count();
      mostDown[0] = (int) Math.max(mostDown[0], down + 4 - now.size());
      return status(name, id).equals("ROLLED_FORWARD");
    });
    awaitRunning(name, 4, "run-v2");
    assertThat(mostDown[0]).isLessThanOrEqualTo(2);
    JsonNode details = http.get("/api/updates/www-data/devel/" + name + "/" + id).json();
    assertThat(details.get("updateEvents").get(0).get("user").asText()).isEqualTo("UNSECURE");
    assertThat(details.get("instanceEvents")).hasSize(8);
    assertThat(http.get("/api/jobs/www-data/devel/" + name).json().get("taskConfig").get("executorConfig")
        .get("data").asText()).isEqualTo("run-v2");
    assertThat(http.get("/api/updates?role=www-data&statuses=ROLLED_FORWARD").json().get("updates").toString())
        .contains(id);
  }

  @Test
  void theJobPageListsUpdatesAndTheUpdatePageShowsSettingsProgressAndHistory() {
    String name = newJob(2, "run");
    Http.Reply started = http.post("/api/updates", request(job(name, 2, "run-v2"), settings(1, ""))
        .replace("\"message\": \"test\"", "\"message\": \"<b>release</b>\""));
    String id = started.json().get("summary").get("key").get("id").asText();
    await().atMost(WAIT).until(() -> status(name, id).equals("ROLLED_FORWARD"));

    Http.Reply jobPage = http.get("/scheduler/www-data/devel/" + name);
    assertThat(jobPage.status()).isEqualTo(200);
    assertThat(jobPage.body()).contains("<h2>Updates</h2>")
        .contains("href=\"/scheduler/www-data/devel/" + name + "/update/" + id + "\"")
        .contains("ROLLED_FORWARD").contains("UNSECURE");

    Http.Reply page = http.get("/scheduler/www-data/devel/" + name + "/update/" + id);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("Update " + id).contains("batch_size 1").contains("watch_secs</th><td>1.0")
        .contains("<td>0</td><td class=\"INSTANCE_UPDATED\">INSTANCE_UPDATED")
        .contains("<td>1</td><td class=\"INSTANCE_UPDATED\">INSTANCE_UPDATED")
        .contains("ROLLING_FORWARD").contains("INSTANCE_UPDATING")
        .contains("&lt;b&gt;release&lt;/b&gt;").doesNotContain("<b>release</b>");
    assertThat(http.get("/scheduler/www-data/devel/" + name + "/update/nosuch").status()).isEqualTo(404);
  }

  @Test
  void theUpdatesPageListsTheClustersUpdatesThoseUnderWayFirst() {
    String done = newJob(1, "run");
    String doneId = start(done, 1, "run-v2", settings(1, ""));
    await().atMost(WAIT).until(() -> status(done, doneId).equals("ROLLED_FORWARD"));
    String held = newJob(1, "run");
    String heldId = start(held, 1, "run-v2", settings(1, ""));
    assertThat(http.post("/api/updates/www-data/devel/" + held + "/pause", "").status()).isEqualTo(200);

    assertThat(http.get("/scheduler").body()).contains("<a href=\"/updates\">updates</a>");
    Http.Reply page = http.get("/updates");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    String body = page.body();
    int split = body.indexOf("<h2>Recently completed</h2>");
    String inProgress = body.substring(body.indexOf("<h2>In progress</h2>"), split);
    String completed = body.substring(split);
    assertThat(inProgress).contains("<td><a href=\"/scheduler/www-data/devel/" + held + "\">www-data/devel/" + held
        + "</a></td><td><a href=\"/scheduler/www-data/devel/" + held + "/update/" + heldId + "\">")
        .contains("ROLL_FORWARD_PAUSED").doesNotContain(doneId);
    assertThat(completed).contains("href=\"/scheduler/www-data/devel/" + done + "/update/" + doneId + "\"")
        .contains("ROLLED_FORWARD").doesNotContain(heldId);
    assertThat(http.post("/api/updates/www-data/devel/" + held + "/abort", "").status()).isEqualTo(200);
    assertThat(http.get("/updates").body()).containsPattern("(?s)Recently completed.*" + heldId);
  }

  @Test
  void aFailingConfigRollsBack() {
    String name = newJob(2, "run");
    String id = start(name, 2, "fail:200", settings(1, ""));
    await().atMost(WAIT).until(() -> status(name, id).equals("ROLLED_BACK"));
    awaitRunning(name, 2, "run");
  }

  @Test
  void refusedRequestsChangeNothing() {
    String name = newJob(2, "run");
    Map<Integer, String> before = active(name);
    String path = "/api/updates/www-data/devel/" + name;

    Http.Reply unknown = http.post("/api/updates", request(job("nosuchjob", 1, "run"), settings(1, "")));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).contains("does not exist").contains("aurora job create");

    Http.Reply batch = http.post("/api/updates", request(job(name, 2, "v2"), settings(0, "")));
    assertThat(batch.status()).isEqualTo(400);
    assertThat(batch.json().get("message").asText()).contains("settings.updateGroupSize: must be at least 1");
    Http.Reply groups = http.post("/api/updates", request(job(name, 2, "v2"), settings(1,
        ", \"updateStrategy\": {\"kind\": \"VARIABLE_BATCH\", \"groupSizes\": [2, 0]}")));
    assertThat(groups.status()).isEqualTo(400);
    assertThat(groups.json().get("message").asText())
        .contains("settings.updateStrategy.groupSizes: every group size must be at least 1, was [2, 0]");
    Http.Reply noGroups = http.post("/api/updates", request(job(name, 2, "v2"), settings(1,
        ", \"updateStrategy\": {\"kind\": \"BATCH\", \"groupSizes\": [], \"autopauseAfterBatch\": true}")));
    assertThat(noGroups.json().get("message").asText())
        .contains("settings.updateStrategy.groupSizes: give at least one group size");

    Http.Reply negative = http.post("/api/updates", request(job(name, 2, "v2"), settings(1,
        ", \"minWaitInInstanceRunningMs\": -1, \"blockIfNoPulsesAfterMs\": 0, \"updateOnlyTheseInstances\": \"1-5\"")
        .replace("\"minWaitInInstanceRunningMs\": 1000, ", "")));
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.json().get("message").asText()).contains("settings.minWaitInInstanceRunningMs")
        .contains("settings.blockIfNoPulsesAfterMs").contains("settings.updateOnlyTheseInstances");

    Http.Reply slaAware = http.post("/api/updates", request(job(name, 2, "v2"), settings(1, ", \"slaAware\": true")));
    assertThat(slaAware.status()).isEqualTo(400);
    assertThat(slaAware.json().get("message").asText()).contains("settings.slaAware: an SLA-aware update");
    Http.Reply badPolicy = http.post("/api/updates", request(job(name, 2, "v2").replace("\"isService\": true,",
        "\"isService\": true, \"slaPolicy\": {\"kind\": \"PERCENTAGE\", \"percentage\": 150, \"durationSecs\": 1},"),
        settings(1, ", \"slaAware\": true")));
    assertThat(badPolicy.status()).isEqualTo(400);
    assertThat(badPolicy.json().get("message").asText())
        .contains("taskConfig.slaPolicy.percentage: must be above 0 and at most 100");

    String otherKey = job(name, 2, "v2").replace("\"isService\": true,",
        "\"isService\": true, \"job\": {\"role\": \"www-data\", \"environment\": \"devel\", \"name\": \"other\"},");
    Http.Reply keyChange = http.post("/api/updates", request(otherKey, settings(1, "")));
    assertThat(keyChange.status()).isEqualTo(400);
    assertThat(keyChange.json().get("message").asText()).contains("job.taskConfig.job");

    String cron = job(name, 2, "v2").replace("\"instanceCount\"", "\"cronSchedule\": \"0 3 * * *\", \"instanceCount\"");
    Http.Reply cronUpdate = http.post("/api/updates", request(cron, settings(1, "")));
    assertThat(cronUpdate.status()).isEqualTo(400);
    assertThat(cronUpdate.json().get("message").asText()).contains("aurora cron schedule");

    Http.Reply noop = http.post("/api/updates", request(job(name, 2, "run"), settings(1, "")));
    assertThat(noop.status()).isEqualTo(200);
    assertThat(noop.json().get("summary").isNull()).isTrue();

    assertThat(http.post(path + "/pause", "").status()).isEqualTo(404);
    assertThat(http.get(path).json().get("updates")).isEmpty();
    assertThat(active(name)).isEqualTo(before);

    // A second update while one is under way (held paused, so it is still there to clash with).
    String id = start(name, 2, "v2", settings(1, ""));
    assertThat(http.post(path + "/pause", "{\"message\": \"hold\"}").json().get("state").get("status").asText())
        .isEqualTo("ROLL_FORWARD_PAUSED");
    Http.Reply second = http.post("/api/updates", request(job(name, 2, "v3"), settings(1, "")));
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().get("message").asText()).contains(id).contains("ROLL_FORWARD_PAUSED")
        .contains("aurora update");
    assertThat(http.get(path).json().get("updates")).hasSize(1);
    assertThat(http.post(path + "/abort", "").json().get("state").get("status").asText()).isEqualTo("ABORTED");
  }

  @Test
  void variableBatchesPauseAfterEachAndResumeThenARollbackOnDemandRestoresTheRest() {
    String name = newJob(4, "run");
    String path = "/api/updates/www-data/devel/" + name;
    String id = start(name, 4, "run-v2", settings(1,
        ", \"updateStrategy\": {\"kind\": \"VARIABLE_BATCH\", \"groupSizes\": [1, 2], \"autopauseAfterBatch\": true}"));
    // Groups [0], [1, 2], [3]: paused after the first.
    await().atMost(WAIT).until(() -> status(name, id).equals("ROLL_FORWARD_PAUSED"));
    assertThat(active(name)).containsEntry(0, "RUNNING run-v2").containsEntry(1, "RUNNING run")
        .containsEntry(3, "RUNNING run");
    assertThat(http.post(path + "/resume", "").json().get("state").get("status").asText())
        .isEqualTo("ROLLING_FORWARD");
    await().atMost(WAIT).until(() -> status(name, id).equals("ROLL_FORWARD_PAUSED")
        && active(name).get(2).equals("RUNNING run-v2"));
    assertThat(active(name)).containsEntry(1, "RUNNING run-v2").containsEntry(3, "RUNNING run");

    assertThat(http.post(path + "/rollback", "{\"message\": \"enough\"}").json().get("state").get("status")
        .asText()).isEqualTo("ROLLING_BACK");
    await().atMost(WAIT).until(() -> status(name, id).equals("ROLLED_BACK"));
    awaitRunning(name, 4, "run");
    JsonNode events = http.get(path + "/" + id).json().get("updateEvents");
    assertThat(events.toString()).contains("\"message\":\"enough\"");
    assertThat(events.get(events.size() - 1).get("user").isNull()).isTrue();
  }

  @Test
  void killingTheJobEndsItsUpdate() {
    String name = newJob(2, "run");
    String id = start(name, 2, "run-v2", settings(1, ""));
    assertThat(http.post("/api/jobs/www-data/devel/" + name + "/kill", "").status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> status(name, id).equals("ABORTED") && active(name).isEmpty());
    JsonNode events = http.get("/api/updates/www-data/devel/" + name + "/" + id).json().get("updateEvents");
    assertThat(events.get(events.size() - 1).get("message").asText()).isEqualTo("The job was killed");
  }

  @Test
  void aProductionUpdateNeedsQuotaForTheLargerOfOldAndNew() {
    String role = "quota-role";
    assertThat(http.put("/api/quotas/" + role, "{\"cpu\": 0.25, \"ramMb\": 1024, \"diskMb\": 1024}").status())
        .isEqualTo(200);
    String name = "prod" + JOBS.incrementAndGet();
    String prod = job(name, 2, "run").replace("www-data", role).replace("\"isService\": true,",
        "\"isService\": true, \"production\": true,");
    assertThat(http.post("/api/jobs", prod).status()).isEqualTo(201);

    Http.Reply more = http.post("/api/updates", request(prod.replace("\"instanceCount\": 2", "\"instanceCount\": 3"),
        settings(1, "")));
    assertThat(more.status()).isEqualTo(400);
    assertThat(more.json().get("message").asText()).contains("lacks quota").contains("increase_quota");
    assertThat(http.get("/api/updates/" + role + "/devel/" + name).json().get("updates")).isEmpty();

    Http.Reply same = http.post("/api/updates", request(prod.replace("\"run\"", "\"run-v2\""), settings(1, "")));
    assertThat(same.status()).as(same.body()).isEqualTo(201);
    assertThat(http.post("/api/updates/" + role + "/devel/" + name + "/abort", "").status()).isEqualTo(200);
  }

  @Test
  void pulsesMoveACoordinatedUpdate() {
    String name = newJob(1, "run");
    String id = start(name, 1, "run-v2", settings(1, ", \"blockIfNoPulsesAfterMs\": 60000"));
    assertThat(status(name, id)).isEqualTo("ROLL_FORWARD_AWAITING_PULSE");
    String pulse = "/api/updates/www-data/devel/" + name + "/" + id + "/pulse";
    assertThat(http.post(pulse, "").json().get("status").asText()).isEqualTo("OK");
    await().atMost(WAIT).until(() -> status(name, id).equals("ROLLED_FORWARD"));
    assertThat(http.post(pulse, "").json().get("status").asText()).isEqualTo("FINISHED");
  }

  @Test
  void aCoordinatedUpdateWaitsForPulsesAndBlocksAgainWhenTheyStop() {
    String name = newJob(3, "run");
    // A pulse lets it run for 2 s: less than the three instances need at a watch of 1 s each.
    String id = start(name, 3, "run-v2", settings(1, ", \"blockIfNoPulsesAfterMs\": 2000"));
    String details = "/api/updates/www-data/devel/" + name + "/" + id;
    Map<Integer, String> before = active(name);
    holds(() -> {
      assertThat(status(name, id)).isEqualTo("ROLL_FORWARD_AWAITING_PULSE");
      assertThat(http.get(details).json().get("instanceEvents")).isEmpty();
      assertThat(active(name)).isEqualTo(before);
    });

    assertThat(http.post(details + "/pulse", "").json().get("status").asText()).isEqualTo("OK");
    await().atMost(WAIT).until(() -> http.get(details).json().get("instanceEvents").size() > 0);
    await().atMost(WAIT).until(() -> Set.of("ROLL_FORWARD_AWAITING_PULSE", "ROLLED_FORWARD")
        .contains(status(name, id)));
    assertThat(status(name, id)).isEqualTo("ROLL_FORWARD_AWAITING_PULSE");
    JsonNode eventsAtBlock = http.get(details).json().get("instanceEvents");
    holds(() -> {
      assertThat(status(name, id)).isEqualTo("ROLL_FORWARD_AWAITING_PULSE");
      assertThat(http.get(details).json().get("instanceEvents")).isEqualTo(eventsAtBlock);
      assertThat(active(name)).containsEntry(2, "RUNNING run");
    });

    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
      http.post(details + "/pulse", "");
      return status(name, id).equals("ROLLED_FORWARD");
    });
    awaitRunning(name, 3, "run-v2");
    assertThat(http.get(details).json().get("updateEvents").toString()).contains("No pulse in the last 2000 ms");
  }

  /**
   * Asserts that {@code check} keeps passing for 3 s, longer than the pulse interval above. What it checks does not
   * come back once broken (an event recorded, a task replaced), so a failure at any moment fails the wait.
   */
  static void holds(ThrowingRunnable check) {
    Duration hold = Duration.ofSeconds(3);
    await().during(hold).atMost(hold.plusSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(check);
  }

  @Test
  void diffSaysWhatAnUpdateWouldDo() {
    String name = newJob(2, "run");
    JsonNode diff = http.post("/api/jobs/www-data/devel/" + name + "/diff", job(name, 3, "run")).json();
    assertThat(diff.get("add").get(0).get("instances").asText()).isEqualTo("2");
    assertThat(diff.get("unchanged").get(0).get("instances").asText()).isEqualTo("0-1");
    JsonNode none = http.post("/api/jobs/www-data/devel/nosuch/diff", job("nosuch", 2, "run")).json();
    assertThat(none.get("add").get(0).get("instances").asText()).isEqualTo("0-1");
    assertThat(http.post("/api/jobs/www-data/devel/" + name + "/diff", job("other", 2, "run")).status())
        .isEqualTo(400);
  }

  @Test
  void anUpdateSurvivesARestartOfTheScheduler() throws Exception {
    String name = newJob(3, "run");
    String id = start(name, 3, "run-v2", settings(1, ", \"minWaitInInstanceRunningMs\": 2000")
        .replace("\"minWaitInInstanceRunningMs\": 1000, ", ""));
    await().atMost(WAIT).until(() -> http.get("/api/updates/www-data/devel/" + name + "/" + id).json()
        .get("instanceEvents").size() >= 2);
    scheduler.close();
    scheduler = SchedulerFixture.start(settings);
    await().atMost(WAIT).until(scheduler::isLeading);
    await().atMost(WAIT).until(() -> status(name, id).equals("ROLLED_FORWARD"));
    awaitRunning(name, 3, "run-v2");
    // And after a snapshot, from the snapshot.
    assertThat(http.post("/api/admin/snapshot", "").status()).isEqualTo(200);
    scheduler.close();
    scheduler = SchedulerFixture.start(settings);
    await().atMost(WAIT).until(scheduler::isLeading);
    assertThat(status(name, id)).isEqualTo("ROLLED_FORWARD");
    assertThat(http.get("/api/updates/www-data/devel/" + name).json().get("updates")).hasSize(1);
  }
}
