package io.github.auroradist.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.agent.AgentServer;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.EmulatorClusterExtension;
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

/**
 * Partition policies with the real stack: an agent partitioned from the Mesos master (its tasks become
 * PARTITIONED) and back. The default policy replaces the task at once, a delay replaces it after the delay,
 * {@code reschedule=False} keeps it until its agent is back and reconciliation finds it RUNNING.
 */
class PartitionOnMesosTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String ROLE = System.getProperty("user.name");
  private static final String HOST = "127.0.0.2";
  private static final String OTHER = "127.0.0.3";
  private static final long DELAY_SECS = 8;

  @TempDir
  static Path dir;
  static SchedulerOnMesos rig;
  @RegisterExtension
  static final EmulatorClusterExtension MESOS =
      new EmulatorClusterExtension(b -> b.agents(2).standardAgents().distinctHosts());
  static EmulatorCluster cluster;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    cluster = MESOS.cluster();
    // Periodic reconciliation far off, so that the operator's reconcile is what finds the task again; a short
    // flapping threshold, so that a replacement is not THROTTLED because its task ran only seconds.
    rig = SchedulerOnMesos.start(dir, cluster, "-reconciliation_initial_delay=1hrs",
        "-flapping_task_threshold=1secs");
    http = rig.http();
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void policiesDecideWhetherAndWhenAPartitionedTaskIsReplaced() {
    // All three tasks on HOST: the other host is draining while they are placed (once an offer made it known).
    await().atMost(WAIT).until(() -> http.post("/api/maintenance/drain", "{\"hosts\": [\"" + OTHER + "\"]}")
        .status() == 200);
    create("replaced", null);
    create("delayed", "{\"reschedule\": true, \"delaySecs\": " + DELAY_SECS + "}");
    create("waits", "{\"reschedule\": false, \"delaySecs\": 0}");
    for (String job : List.of("replaced", "delayed", "waits")) {
      await().atMost(WAIT).until(() -> HOST.equals(host(running(job))));
    }
    String waiting = running("waits").path("assignedTask").path("taskId").asText();
    assertThat(http.post("/api/maintenance/end", "{\"hosts\": [\"" + OTHER + "\"]}").status()).isEqualTo(200);

    AgentServer agent = cluster.agents().stream().filter(a -> a.uri().getHost().equals(HOST)).findFirst()
        .orElseThrow();
    agent.partition();

    // The default policy: replaced at once, on the other host.
    await().atMost(WAIT).until(() -> OTHER.equals(host(running("replaced"))));
    // The delay: PARTITIONED first, LOST (and replaced) once the delay is over.
    await().atMost(WAIT).until(() -> OTHER.equals(host(running("delayed"))));
    JsonNode lost = only("delayed", "LOST");
    assertThat(millisBetween(lost, "PARTITIONED", "LOST")).isGreaterThanOrEqualTo(DELAY_SECS * 1000);
    assertThat(millisBetween(only("replaced", "LOST"), "PARTITIONED", "LOST")).isLessThan(DELAY_SECS * 1000);
    // reschedule=False: still its one PARTITIONED task, long after the delayed job's was replaced.
    List<JsonNode> kept = tasks("waits", "ACTIVE");
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).path("status").asText()).isEqualTo("PARTITIONED");
    assertThat(kept.get(0).path("assignedTask").path("taskId").asText()).isEqualTo(waiting);

    // The agent comes back; what aurora-admin reconcile_tasks asks finds the task RUNNING again.
    agent.heal();
    await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> cluster.agents().stream()
        .allMatch(a -> a.agentId().isPresent())
        && http.post("/api/admin/reconcile", "{\"type\": \"EXPLICIT\"}").status() == 200
        && running("waits") != null);
    JsonNode back = running("waits");
    assertThat(back.path("assignedTask").path("taskId").asText()).isEqualTo(waiting);
    assertThat(host(back)).isEqualTo(HOST);
    assertThat(tasks("waits", "ACTIVE")).hasSize(1);
  }

  private static void create(String name, String partitionPolicy) {
    String job = MesosIntegrationTest.job(name, 1, "run", true);
    if (partitionPolicy != null) {
      job = job.replace("\"maxTaskFailures\": 1,", "\"maxTaskFailures\": 1, \"partitionPolicy\": "
          + partitionPolicy + ",");
    }
    Http.Reply reply = http.post("/api/jobs", job);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
  }

  private static List<JsonNode> tasks(String job, String statuses) {
    List<JsonNode> out = new ArrayList<>();
    http.get("/api/tasks?role=" + ROLE + "&name=" + job + "&statuses=" + statuses).json().get("tasks")
        .forEach(out::add);
    return out;
  }

  /** The job's RUNNING task, or null. */
  private static JsonNode running(String job) {
    List<JsonNode> running = tasks(job, "RUNNING");
    return running.isEmpty() ? null : running.get(0);
  }

  private static JsonNode only(String job, String status) {
    List<JsonNode> found = tasks(job, status);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static String host(JsonNode task) {
    return task == null ? null : task.path("assignedTask").path("agentHost").asText();
  }

  /** Time from the task's (last) {@code from} event to its {@code to} event, by the scheduler's own clock. */
  private static long millisBetween(JsonNode task, String from, String to) {
    long start = -1;
    long end = -1;
    for (JsonNode e : task.path("taskEvents")) {
      if (e.path("status").asText().equals(from)) {
        start = e.path("timestamp").asLong();
      } else if (e.path("status").asText().equals(to)) {
        end = e.path("timestamp").asLong();
      }
    }
    assertThat(start).as(from + " event of " + task).isPositive();
    assertThat(end).as(to + " event of " + task).isPositive();
    return end - start;
  }
}
