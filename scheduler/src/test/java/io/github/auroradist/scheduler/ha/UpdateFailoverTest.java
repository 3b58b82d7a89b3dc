package io.github.auroradist.scheduler.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A job update outlives its leader: three scheduler processes on one replicated log, the leader killed (SIGKILL)
 * while an update rolls, and the scheduler elected next finishes it, updating each instance once.
 */
class UpdateFailoverTest {
  private static final Duration ELECTION = Duration.ofSeconds(60);
  private static final String USER = System.getProperty("user.name");

  static CoordinatorRig rig;

  @RegisterExtension
  static final TestWatcher PRINT_OUTPUT_ON_FAILURE = CoordinatorRig.printOutputOnFailure(() -> rig);

  @BeforeAll
  static void start() throws Exception {
    Path dir = CoordinatorRig.newDirectory("update-");
    rig = CoordinatorRig.create(dir, 3, 1);
    rig.startAll();
  }

  @AfterAll
  static void stop() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  static String job(String data) {
    return """
        {"key": {"role": "%s", "environment": "prod", "name": "rolling"}, "instanceCount": 4,
         "taskConfig": {"isService": true,
           "resources": {"cpu": 0.1, "ramMb": 16, "diskMb": 16},
           "executorConfig": {"name": "AuroraExecutor", "data": "%s"}}}
        """.formatted(USER, data);
  }

  /** Instance to "STATUS data" of the job's active tasks, as {@code s} sees them. */
  static Map<Integer, String> instances(SchedulerProcess s) {
    Map<Integer, String> out = new TreeMap<>();
    String query = "/api/tasks?role=" + USER + "&environment=prod&name=rolling&statuses=ACTIVE";
    for (JsonNode t : s.http().getLocal(query).json().get("tasks")) {
      JsonNode a = t.get("assignedTask");
      out.put(a.get("instanceId").asInt(), t.get("status").asText() + " "
          + a.get("task").get("executorConfig").get("data").asText());
    }
    return out;
  }

  static Map<Integer, String> running(String data) {
    Map<Integer, String> out = new TreeMap<>();
    for (int i = 0; i < 4; i++) {
      out.put(i, "RUNNING " + data);
    }
    return out;
  }

  static JsonNode details(SchedulerProcess s, String id) {
    return s.http().getLocal("/api/updates/" + USER + "/prod/rolling/" + id).json();
  }

  @Test
  void theNextLeaderFinishesAnUpdateItsPredecessorStarted() throws Exception {
    SchedulerProcess leader = rig.awaitOneLeader(Duration.ofMinutes(2));
    rig.writeUntilAccepted("POST", "/api/jobs", job("run"), ELECTION);
    await().atMost(ELECTION).until(() -> instances(leader).equals(running("run")));

    String settings = "{\"updateGroupSize\": 1, \"minWaitInInstanceRunningMs\": 2000, \"rollbackOnFailure\": true}";
    String id = rig.writeUntilAccepted("POST", "/api/updates", "{\"job\": " + job("run-v2") + ", \"settings\": "
        + settings + "}", ELECTION).json().get("summary").get("key").get("id").asText();
    // Kill the leader once the update is under way but far from done.
    await().atMost(ELECTION).until(() -> details(leader, id).get("instanceEvents").toString()
        .contains("INSTANCE_UPDATED"));
    assertThat(details(leader, id).get("update").get("summary").get("state").get("status").asText())
        .isEqualTo("ROLLING_FORWARD");
    leader.kill();

    SchedulerProcess next = rig.awaitOneLeader(ELECTION);
    assertThat(next).isNotSameAs(leader);
    await().atMost(ELECTION.multipliedBy(2)).until(() -> details(next, id).get("update").get("summary")
        .get("state").get("status").asText().equals("ROLLED_FORWARD"));
    await().atMost(ELECTION).until(() -> instances(next).equals(running("run-v2")));
    // Each instance was started on and finished once, whichever leader did it.
    Map<String, Integer> actions = new TreeMap<>();
    for (JsonNode e : details(next, id).get("instanceEvents")) {
      actions.merge(e.get("instanceId").asInt() + " " + e.get("action").asText(), 1, Integer::sum);
    }
    assertThat(actions).hasSize(8).allSatisfy((action, count) -> assertThat(count).as(action).isEqualTo(1));
    assertThat(next.http().getLocal("/api/jobs/" + USER + "/prod/rolling").json().get("taskConfig")
        .get("executorConfig").get("data").asText()).isEqualTo("run-v2");
  }
}
