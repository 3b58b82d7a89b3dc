package io.github.auroradist.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.RunningScheduler;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/tasks?configs=false} (Aurora's getTasksWithoutConfigs) on a scheduler with HTTP Basic on: the
 * same tasks as the full answer, each without its configuration but with every status field, for the same filters
 * and the same callers.
 */
class TasksWithoutConfigsTest {
  private static final String JOB = "role=www-data&environment=prod&name=status";

  @RegisterExtension
  static final RunningScheduler running = new RunningScheduler(dir -> {
    Path ini = dir.resolve("security.ini");
    Files.writeString(ini, """
        [users]
        sally = apple, admin
        [roles]
        admin = *
        """, StandardCharsets.UTF_8);
    return List.of("-http_authentication_mechanism=BASIC", "-shiro_ini_path=" + ini);
  });
  static final Http http = running.http();

  private static String[] as(String user, String password) {
    return new String[] {"Content-Type", "application/json", "Authorization", "Basic "
        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))};
  }

  /**
   * Job www-data/prod/status with three instances, each with a heavy configuration (constraints, metadata, contact,
   * executor data; the scheduler adds owner and tier): instance 0 RUNNING on a host with a port and an event
   * message, 1 and 2 PENDING.
   */
  @BeforeAll
  static void createJob() {
    String heavy = """
        , "contactEmail": "ops@example.com",
        "metadata": [{"key": "team", "value": "storage"}],
        "constraints": [{"name": "rack", "limit": {"limit": 2}}]""";
    Http.Reply created = http.send("POST", "/api/jobs", TestJobs.job("www-data", "prod", "status", 3, heavy),
        as("sally", "apple"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    ScheduledTask first = running.scheduler().storage().read().tasksOf(
        new io.github.auroradist.common.model.JobKey("www-data", "prod", "status")).stream()
        .filter(t -> t.assignedTask().instanceId() == 0).findFirst().orElseThrow();
    ScheduledTask placed = first.withAssignedTask(first.assignedTask().placed("agent-1", "host-1",
        Map.of("http", 31000))).withStatus(ScheduleStatus.RUNNING,
        new TaskEvent(System.currentTimeMillis(), ScheduleStatus.RUNNING, "started by the test", "test"));
    running.scheduler().storage().write(new Op.SaveTasks(List.of(placed)));
  }

  @Test
  void eachTaskIsTheFullTaskWithItsConfigurationCutToJobAndResourcesAndNoNulls() {
    Http.Reply full = http.get("/api/tasks?" + JOB);
    Http.Reply slim = http.get("/api/tasks?" + JOB + "&configs=false");
    assertThat(slim.status()).as(slim.body()).isEqualTo(200);
    assertThat(slim.contentType()).startsWith("application/json");
    JsonNode fullTasks = full.json().get("tasks");
    JsonNode slimTasks = slim.json().get("tasks");
    assertThat(slimTasks).hasSize(3);
    assertThat(fullTasks.get(0).get("assignedTask").get("task").get("executorConfig").isObject()).isTrue();
    List<JsonNode> expected = new ArrayList<>();
    for (JsonNode t : fullTasks) {
      ObjectNode task = (ObjectNode) withoutNulls(t.deepCopy());
      ObjectNode assigned = (ObjectNode) task.get("assignedTask");
      JsonNode config = assigned.get("task");
      assigned.putObject("task").setAll(Map.of("job", config.get("job"), "resources", config.get("resources")));
      expected.add(task);
    }
    assertThat(slimTasks).containsExactlyElementsOf(expected);
    assertThat(slim.body().length()).isLessThan(full.body().length() * 2 / 3);
    assertThat(slim.body()).doesNotContain("executorConfig", "constraints", "metadata", "storage", "ops@example.com",
        "preemptible", "owner", ":null");
  }

  @Test
  void whatJobStatusPrintsIsThereAndReadsBackAsTasks() {
    List<ScheduledTask> tasks = new ArrayList<>();
    http.get("/api/tasks?" + JOB + "&configs=false").json().get("tasks")
        .forEach(t -> tasks.add(ModelJson.mapper().convertValue(t, ScheduledTask.class)));
    ScheduledTask runningTask = tasks.stream().filter(t -> t.status() == ScheduleStatus.RUNNING).findFirst()
        .orElseThrow();
    var a = runningTask.assignedTask();
    assertThat(a.instanceId()).isZero();
    assertThat(a.agentHost()).isEqualTo("host-1");
    assertThat(a.agentId()).isEqualTo("agent-1");
    assertThat(a.assignedPorts()).isEqualTo(Map.of("http", 31000));
    assertThat(a.taskId()).startsWith("www-data-prod-status-0-");
    assertThat(a.task().job().name()).isEqualTo("status");
    assertThat(a.task().resources().cpu()).isEqualTo(0.5);
    assertThat(a.task().resources().ramMb()).isEqualTo(64);
    assertThat(a.task().resources().diskMb()).isEqualTo(128);
    assertThat(runningTask.taskEvents()).extracting(TaskEvent::status)
        .containsExactly(ScheduleStatus.PENDING, ScheduleStatus.RUNNING);
    assertThat(runningTask.taskEvents().get(1).message()).isEqualTo("started by the test");
    assertThat(a.task().executorConfig()).isNull();
    assertThat(tasks).filteredOn(t -> t.status() == ScheduleStatus.PENDING).hasSize(2)
        .allSatisfy(t -> assertThat(t.assignedTask().agentHost()).isNull());
  }

  @Test
  void theFiltersSelectTheSameTasksAsTheFullQuery() {
    for (String filter : List.of(JOB, JOB + "&instances=1-2", JOB + "&instances=0", JOB + "&statuses=PENDING",
        JOB + "&statuses=RUNNING", JOB + "&statuses=TERMINAL", "role=www-data", "name=status&statuses=ACTIVE",
        "role=nobody", "")) {
      Http.Reply slim = http.get("/api/tasks?" + filter + "&configs=false");
      assertThat(slim.body()).as(filter).doesNotContain("executorConfig");
      assertThat(taskIds(slim.json())).as(filter).isEqualTo(taskIds(http.get("/api/tasks?" + filter).json()));
    }
    assertThat(taskIds(http.get("/api/tasks?" + JOB + "&instances=1-2&configs=false").json())).hasSize(2);
    assertThat(taskIds(http.get("/api/tasks?" + JOB + "&statuses=RUNNING&configs=false").json())).hasSize(1);
    // true, the default, is the full answer.
    assertThat(http.get("/api/tasks?" + JOB + "&configs=true").body()).isEqualTo(http.get("/api/tasks?" + JOB)
        .body());
  }

  @Test
  void itIsAReadLikeTheFullQueryOpenWithoutCredentialsAndTheSameWithWrongOnes() {
    assertThat(http.get("/api/tasks?" + JOB + "&configs=false").status()).isEqualTo(200);
    for (String[] who : List.of(as("sally", "apple"), as("sally", "wrong"), as("nobody", "x"))) {
      Http.Reply full = http.send("GET", "/api/tasks?" + JOB, null, who);
      Http.Reply slim = http.send("GET", "/api/tasks?" + JOB + "&configs=false", null, who);
      assertThat(slim.status()).as(slim.body()).isEqualTo(full.status());
      assertThat(slim.body()).doesNotContain("executorConfig");
      assertThat(taskIds(slim.json())).isEqualTo(taskIds(full.json()));
    }
  }

  @Test
  void aValueOtherThanTrueOrFalseIsRefusedNamingTheParameterAndTheFix() {
    for (String bad : List.of("no", "0", "FALSE%20X", "yes")) {
      Http.Reply r = http.get("/api/tasks?" + JOB + "&configs=" + bad);
      assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
      assertThat(r.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
      assertThat(r.json().get("message").asText()).startsWith("configs: ").contains("configs=false");
    }
    // Empty, like every other parameter, is as if not given.
    assertThat(http.get("/api/tasks?" + JOB + "&configs=").body()).isEqualTo(http.get("/api/tasks?" + JOB).body());
    // The other parameters are checked as in the full query.
    Http.Reply statuses = http.get("/api/tasks?" + JOB + "&configs=false&statuses=RUNNIN");
    assertThat(statuses.status()).isEqualTo(400);
    assertThat(statuses.json().get("message").asText()).startsWith("statuses: ");
  }

  private static List<String> taskIds(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.get("tasks").forEach(t -> ids.add(t.get("assignedTask").get("taskId").asText()));
    return ids;
  }

  /** The JSON with every null field removed, at any depth. */
  private static JsonNode withoutNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          it.remove();
        } else {
          withoutNulls(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(TasksWithoutConfigsTest::withoutNulls);
    }
    return node;
  }
}
