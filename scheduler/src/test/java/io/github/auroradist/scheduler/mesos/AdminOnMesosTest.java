package io.github.auroradist.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.EmulatorClusterExtension;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.SchedulerOnMesos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Operators' actions that reach Mesos or need ended tasks: reconcile_tasks and prune_tasks. */
class AdminOnMesosTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ROLE = System.getProperty("user.name");

  @TempDir
  static Path dir;
  static SchedulerOnMesos rig;
  @RegisterExtension
  static final EmulatorClusterExtension MESOS = new EmulatorClusterExtension(b -> b.standardAgents());
  static Scheduler scheduler;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    // Periodic reconciliation far off: what the test sees is the operator's.
    rig = SchedulerOnMesos.start(dir, MESOS.cluster(), "-reconciliation_initial_delay=1hrs");
    scheduler = rig.scheduler();
    http = rig.http();
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void reconciliationAsksMesosAboutRunningTasksInBatches() {
    assertThat(http.post("/api/jobs", MesosIntegrationTest.job("recon", 3, "run", true)).status()).isEqualTo(201);
    await().atMost(WAIT).until(() -> http.get("/api/tasks?role=" + ROLE + "&name=recon&statuses=RUNNING").json()
        .get("tasks").size() == 3);

    long updates = stat("task_status_updates");
    long batches = stat("reconciliation_explicit_batches");
    Http.Reply explicit = http.post("/api/admin/reconcile", "{\"type\": \"EXPLICIT\", \"batchSize\": 1}");
    assertThat(explicit.status()).as(explicit.body()).isEqualTo(200);
    assertThat(explicit.json().get("type").asText()).isEqualTo("EXPLICIT");
    assertThat(explicit.json().get("tasks").asInt()).isEqualTo(3);
    assertThat(stat("reconciliation_explicit_batches")).isEqualTo(batches + 3);
    // Mesos answers each task asked about.
    await().atMost(WAIT).until(() -> stat("task_status_updates") >= updates + 3);

    long afterExplicit = stat("task_status_updates");
    Http.Reply implicit = http.post("/api/admin/reconcile", "{\"type\": \"implicit\"}");
    assertThat(implicit.status()).as(implicit.body()).isEqualTo(200);
    assertThat(implicit.json().get("tasks").asInt()).isZero();
    await().atMost(WAIT).until(() -> stat("task_status_updates") >= afterExplicit + 3);

    Http.Reply badType = http.post("/api/admin/reconcile", "{\"type\": \"SOMETIMES\"}");
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.json().get("message").asText()).contains("'SOMETIMES' is not a reconciliation type");
    Http.Reply badBatch = http.post("/api/admin/reconcile", "{\"type\": \"EXPLICIT\", \"batchSize\": 0}");
    assertThat(badBatch.status()).isEqualTo(400);
    assertThat(badBatch.json().get("message").asText()).contains("batchSize: 0 is too small");
    http.post("/api/jobs/" + ROLE + "/devel/recon/kill", "");
  }

  @Test
  void pruneForgetsOnlyEndedTasksOfTheSelection() {
    assertThat(http.post("/api/jobs", MesosIntegrationTest.job("ends", 2, "finish:10", false)).status())
        .isEqualTo(201);
    assertThat(http.post("/api/jobs", MesosIntegrationTest.job("other", 1, "finish:10", false)).status())
        .isEqualTo(201);
    assertThat(http.post("/api/jobs", MesosIntegrationTest.job("runs", 1, "run", true)).status()).isEqualTo(201);
    await().atMost(WAIT).until(() -> taskIds("ends", "FINISHED").size() == 2 && taskIds("other", "FINISHED").size() == 1
        && taskIds("runs", "RUNNING").size() == 1);
    List<String> ended = taskIds("ends", "FINISHED");

    Http.Reply refused = http.post("/api/admin/tasks/prune", "{\"statuses\": [\"FINISHED\", \"RUNNING\"]}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("message").asText()).contains("[RUNNING] are not ended states");
    assertThat(http.post("/api/admin/tasks/prune", "{\"statuses\": [\"NOPE\"]}").status()).isEqualTo(400);
    assertThat(http.post("/api/admin/tasks/prune", "{\"limit\": 0}").status()).isEqualTo(400);
    assertThat(taskIds("ends", null)).hasSize(2);

    Http.Reply one = http.post("/api/admin/tasks/prune", "{\"role\": \"" + ROLE + "\", \"name\": \"ends\","
        + " \"limit\": 1}");
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    Http.Reply rest = http.post("/api/admin/tasks/prune", "{\"role\": \"" + ROLE + "\", \"environment\": \"devel\","
        + " \"name\": \"ends\", \"statuses\": [\"FINISHED\", \"KILLED\"]}");
    List<String> pruned = new ArrayList<>(strings(one.json().get("pruned")));
    assertThat(pruned).hasSize(1);
    pruned.addAll(strings(rest.json().get("pruned")));
    assertThat(pruned).containsExactlyInAnyOrderElementsOf(ended);
    assertThat(taskIds("ends", null)).isEmpty();
    // Outside the selection, and active tasks, stay.
    assertThat(taskIds("other", null)).hasSize(1);
    assertThat(taskIds("runs", "RUNNING")).hasSize(1);

    // Without a body: every ended task; the running one stays.
    List<String> other = taskIds("other", "FINISHED");
    assertThat(strings(http.post("/api/admin/tasks/prune", "").json().get("pruned"))).containsAll(other)
        .doesNotContainAnyElementsOf(taskIds("runs", null));
    assertThat(taskIds("other", null)).isEmpty();
    assertThat(taskIds("runs", "RUNNING")).hasSize(1);
    http.post("/api/jobs/" + ROLE + "/devel/runs/kill", "");
  }

  private static long stat(String name) {
    return scheduler.stats().values().getOrDefault(name, 0).longValue();
  }

  private static List<String> taskIds(String job, String status) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : http.get("/api/tasks?role=" + ROLE + "&name=" + job + (status == null ? ""
        : "&statuses=" + status)).json().get("tasks")) {
      out.add(t.get("assignedTask").get("taskId").asText());
    }
    return out;
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }
}
