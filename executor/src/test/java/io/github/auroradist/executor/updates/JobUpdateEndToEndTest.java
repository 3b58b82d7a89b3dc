package io.github.auroradist.executor.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.executor.testing.AgainstExecutorCluster;
import io.github.auroradist.executor.testing.ExecutorCluster;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;

/**
 * Rolling job updates on the whole path: the scheduler, the Mesos emulator and the real Thermos executor, whose
 * health checks decide when a new task is RUNNING (and so when an instance is updated) and fail a bad release.
 */
class JobUpdateEndToEndTest extends AgainstExecutorCluster {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A few watch periods of {@link #settings}: how long a paused or aborted update is watched doing nothing. */
  private static final Duration HOLD = Duration.ofSeconds(3);

  /** A release of {@code job}: a server that prints its version, health-checked by {@code check}. */
  static ObjectNode release(String job, String version, String check) {
    ObjectNode thermos = ExecutorCluster.thermos(job, "server", "echo " + version + "; exec sleep 600");
    thermos.putObject("health_check_config").put("initial_interval_secs", 0).put("interval_secs", 0.2)
        .put("max_consecutive_failures", 0).putObject("health_checker").putObject("shell")
        .put("shell_command", check);
    return thermos;
  }

  static String settings(int batch, boolean rollback) {
    return """
        {"updateGroupSize": %d, "maxPerInstanceFailures": 0, "maxFailedInstances": 0,
         "minWaitInInstanceRunningMs": 1000, "rollbackOnFailure": %s}
        """.formatted(batch, rollback);
  }

  static String startUpdate(String job, int instances, ObjectNode thermos, String settings) throws Exception {
    String body = "{\"job\": " + JSON.writeValueAsString(ExecutorCluster.jobConfiguration(job, instances, thermos))
        + ", \"settings\": " + settings + ", \"message\": \"release\"}";
    HttpResponse<String> started = cluster.post("/api/updates", body);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    return JSON.readTree(started.body()).get("summary").get("key").get("id").asText();
  }

  static String status(String job, String id) throws Exception {
    return cluster.get("/api/updates/www-data/devel/" + job + "/" + id).get("update").get("summary").get("state")
        .get("status").asText();
  }

  /** Each active instance's status and the version its configuration runs. */
  static Map<Integer, String> instances(String job) throws Exception {
    Map<Integer, String> out = new TreeMap<>();
    for (JsonNode t : cluster.activeTasks(job)) {
      String data = t.get("assignedTask").get("task").get("executorConfig").get("data").asText();
      String version = data.replaceAll(".*echo (v[0-9a-z]+);.*", "$1");
      out.put(t.get("assignedTask").get("instanceId").asInt(), t.get("status").asText() + " " + version);
    }
    return out;
  }

  static Map<Integer, String> running(String version, int instances) {
    Map<Integer, String> out = new TreeMap<>();
    for (int i = 0; i < instances; i++) {
      out.put(i, "RUNNING " + version);
    }
    return out;
  }

  @Test
  void sixInstancesRollForwardTwoAtATime() throws Exception {
    cluster.createJob("rolling", 6, release("rolling", "v1", "true"));
    cluster.awaitRunning("rolling", 6);
    String id = startUpdate("rolling", 6, release("rolling", "v2", "true"), settings(2, true));

    int[] mostDown = {0};
    await().atMost(ExecutorCluster.WAIT.multipliedBy(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Map<Integer, String> now = instances("rolling");
      long running = now.values().stream().filter(s -> s.startsWith("RUNNING")).count();
      mostDown[0] = Math.max(mostDown[0], (int) (6 - running));
      return status("rolling", id).equals("ROLLED_FORWARD");
    });
    assertThat(mostDown[0]).as("instances not RUNNING at once").isLessThanOrEqualTo(2);
    assertThat(instances("rolling")).isEqualTo(running("v2", 6));
  }

  @Test
  void aReleaseFailingItsHealthCheckRollsBack() throws Exception {
    cluster.createJob("unhealthy", 2, release("unhealthy", "v1", "true"));
    cluster.awaitRunning("unhealthy", 2);
    String id = startUpdate("unhealthy", 2, release("unhealthy", "v2", "false"), settings(1, true));

    await().atMost(ExecutorCluster.WAIT.multipliedBy(2)).until(() -> status("unhealthy", id).equals("ROLLED_BACK"));
    await().atMost(ExecutorCluster.WAIT).until(() -> instances("unhealthy").equals(running("v1", 2)));
    JsonNode details = cluster.get("/api/updates/www-data/devel/unhealthy/" + id);
    assertThat(details.get("instanceEvents").toString()).contains("INSTANCE_UPDATE_FAILED")
        .contains("INSTANCE_ROLLED_BACK");
  }

  @Test
  void withoutRollbackAFailingReleaseEndsFailed() throws Exception {
    cluster.createJob("norollback", 1, release("norollback", "v1", "true"));
    cluster.awaitRunning("norollback", 1);
    String id = startUpdate("norollback", 1, release("norollback", "v2", "false"), settings(1, false));

    await().atMost(ExecutorCluster.WAIT.multipliedBy(2)).until(() -> status("norollback", id).equals("FAILED"));
    assertThat(cluster.get("/api/jobs/www-data/devel/norollback").get("taskConfig").get("executorConfig")
        .get("data").asText()).contains("echo v1;");
  }

  @Test
  void addsAndRemovesInstances() throws Exception {
    cluster.createJob("scaled", 1, release("scaled", "v1", "true"));
    cluster.awaitRunning("scaled", 1);
    String up = startUpdate("scaled", 3, release("scaled", "v1", "true"), settings(2, true));
    await().atMost(ExecutorCluster.WAIT).until(() -> status("scaled", up).equals("ROLLED_FORWARD"));
    assertThat(instances("scaled")).isEqualTo(running("v1", 3));

    String down = startUpdate("scaled", 1, release("scaled", "v1", "true"), settings(2, true));
    await().atMost(ExecutorCluster.WAIT).until(() -> status("scaled", down).equals("ROLLED_FORWARD"));
    assertThat(instances("scaled")).isEqualTo(running("v1", 1));
    assertThat(cluster.get("/api/jobs/www-data/devel/scaled").get("instanceCount").asInt()).isEqualTo(1);
  }

  @Test
  void aCanaryUpdatesOnlyItsInstances() throws Exception {
    cluster.createJob("canary", 3, release("canary", "v1", "true"));
    cluster.awaitRunning("canary", 3);
    String id = startUpdate("canary", 3, release("canary", "v2", "true"),
        settings(2, true).replace("}", ", \"updateOnlyTheseInstances\": \"0-1\"}"));
    await().atMost(ExecutorCluster.WAIT).until(() -> status("canary", id).equals("ROLLED_FORWARD"));
    assertThat(instances("canary")).isEqualTo(Map.of(0, "RUNNING v2", 1, "RUNNING v2", 2, "RUNNING v1"));
  }

  /**
   * Kills the job and waits for its tasks to end, giving their resources back: the agent these tests share holds
   * about 13 tasks, and the tests that leave their jobs running need most of them.
   */
  static void kill(String job) throws Exception {
    assertThat(cluster.post("/api/jobs/www-data/devel/" + job + "/kill", "").statusCode()).isEqualTo(200);
    await().atMost(ExecutorCluster.WAIT).until(() -> cluster.activeTasks(job).isEmpty());
  }

  static JsonNode instanceEvents(String job, String id) throws Exception {
    return cluster.get("/api/updates/www-data/devel/" + job + "/" + id).get("instanceEvents");
  }

  /**
   * Asserts that {@code check} keeps passing for a few watch periods of {@link #settings}. What it checks does not
   * come back once broken (an event recorded, a task started), so a failure at any moment fails the wait.
   */
  static void holds(ThrowingRunnable check) {
    await().during(HOLD).atMost(HOLD.plusSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(check);
  }

  @Test
  void aPausedUpdateStartsNothingUntilResumed() throws Exception {
    cluster.createJob("paused", 3, release("paused", "v1", "true"));
    cluster.awaitRunning("paused", 3);
    String id = startUpdate("paused", 3, release("paused", "v2", "true"), settings(1, true));
    await().atMost(ExecutorCluster.WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> instanceEvents("paused", id).toString().contains("INSTANCE_UPDATED"));
    HttpResponse<String> paused = cluster.post("/api/updates/www-data/devel/paused/pause", "");
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    JsonNode eventsAtPause = instanceEvents("paused", id);

    // Instance 1 may have been taken down as the pause came, but no task of the new release starts.
    holds(() -> {
      assertThat(status("paused", id)).isEqualTo("ROLL_FORWARD_PAUSED");
      assertThat(instanceEvents("paused", id)).isEqualTo(eventsAtPause);
      Map<Integer, String> now = instances("paused");
      assertThat(now).containsEntry(0, "RUNNING v2").containsEntry(2, "RUNNING v1");
      assertThat(now.getOrDefault(1, "none")).doesNotEndWith("v2");
    });

    HttpResponse<String> resumed = cluster.post("/api/updates/www-data/devel/paused/resume", "");
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    await().atMost(ExecutorCluster.WAIT.multipliedBy(2)).until(() -> status("paused", id).equals("ROLLED_FORWARD"));
    assertThat(instances("paused")).isEqualTo(running("v2", 3));
    kill("paused");
  }

  @Test
  void anAbortedUpdateLeavesTheInstancesAndTheJobAsTheyAre() throws Exception {
    cluster.createJob("aborted", 3, release("aborted", "v1", "true"));
    cluster.awaitRunning("aborted", 3);
    // Held after its first batch (autopause), so no instance is half replaced when the abort comes.
    String id = startUpdate("aborted", 3, release("aborted", "v2", "true"), settings(1, true).replace("}",
        ", \"updateStrategy\": {\"kind\": \"BATCH\", \"groupSizes\": [1], \"autopauseAfterBatch\": true}}"));
    await().atMost(ExecutorCluster.WAIT).until(() -> status("aborted", id).equals("ROLL_FORWARD_PAUSED"));
    HttpResponse<String> aborted = cluster.post("/api/updates/www-data/devel/aborted/abort", "");
    assertThat(aborted.statusCode()).as(aborted.body()).isEqualTo(200);
    JsonNode eventsAtAbort = instanceEvents("aborted", id);

    Map<Integer, String> mixed = Map.of(0, "RUNNING v2", 1, "RUNNING v1", 2, "RUNNING v1");
    holds(() -> {
      assertThat(status("aborted", id)).isEqualTo("ABORTED");
      assertThat(instanceEvents("aborted", id)).isEqualTo(eventsAtAbort);
      assertThat(instances("aborted")).isEqualTo(mixed);
    });
    // As docs/api.md says: an abort leaves the job's stored configuration as it was before the update.
    JsonNode job = cluster.get("/api/jobs/www-data/devel/aborted");
    assertThat(job.get("taskConfig").get("executorConfig").get("data").asText()).contains("echo v1;");
    assertThat(job.get("instanceCount").asInt()).isEqualTo(3);
    kill("aborted");
  }
}
