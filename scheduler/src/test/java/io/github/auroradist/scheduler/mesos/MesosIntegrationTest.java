package io.github.auroradist.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.EmulatorClusterExtension;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.ScriptedExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler against the Mesos emulator, with real executor processes and real ZooKeeper: the
 * scheduler finds the master through {@code zk://} and announces itself in the serverset.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MesosIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;
  @RegisterExtension
  static final EmulatorClusterExtension MESOS =
      new EmulatorClusterExtension(b -> b.agents(2).standardAgents().zooKeeper());
  static String zk;
  static SchedulerSettings settings;
  static Scheduler scheduler;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    zk = MESOS.cluster().zkConnectString();
    settings = SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        MESOS.cluster().zkUrl(), "-zk_endpoints=" + zk,
        "-thermos_executor_path=" + ScriptedExecutor.command(), "-thermos_executor_cpu=0.1",
        "-thermos_executor_ram=32MB", "-flapping_task_threshold=1secs", "-initial_flapping_task_delay=1secs",
        "-reconciliation_initial_delay=2secs", "-reconciliation_explicit_interval=5secs",
        "-reconciliation_implicit_interval=5secs");
    scheduler = SchedulerFixture.start(settings);
    http = new Http(scheduler.httpPort());
  }

  @AfterAll
  static void stop() throws Exception {
    if (scheduler != null) {
      scheduler.close();
    }
  }

  static String job(String name, int instances, String behaviour, boolean service) {
    return """
        {"key": {"role": "%s", "environment": "devel", "name": "%s"}, "instanceCount": %d,
         "taskConfig": {"isService": %s, "maxTaskFailures": 1,
           "resources": {"cpu": 0.2, "ramMb": 32, "diskMb": 16, "namedPorts": ["http"]},
           "executorConfig": {"name": "AuroraExecutor", "data": "%s"}}}
        """.formatted(System.getProperty("user.name"), name, instances, service, behaviour);
  }

  static String tasksPath(String name) {
    return "/api/tasks?role=" + System.getProperty("user.name") + "&environment=devel&name=" + name;
  }

  /** Instance id to status of the job's active tasks. */
  static Map<Integer, String> active(String name) {
    Map<Integer, String> out = new TreeMap<>();
    for (JsonNode t : http.get(tasksPath(name) + "&statuses=ACTIVE").json().get("tasks")) {
      out.put(t.get("assignedTask").get("instanceId").asInt(), t.get("status").asText());
    }
    return out;
  }

  @Test
  @Order(1)
  void jobOfThreeInstancesRunsAndOneInstanceCanBeKilled() throws Exception {
    assertThat(http.post("/api/jobs", job("hello", 3, "run", true)).status()).isEqualTo(201);
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(active("hello")).isEqualTo(Map.of(0, "RUNNING", 1, "RUNNING", 2, "RUNNING")));
    JsonNode task = http.get(tasksPath("hello") + "&instances=0").json().get("tasks").get(0);
    assertThat(task.get("assignedTask").get("agentHost").asText()).isEqualTo("localhost");
    int port = task.get("assignedTask").get("assignedPorts").get("http").asInt();
    assertThat(port).isBetween(31000, 31100);
    assertThat(task.get("taskEvents").get(task.get("taskEvents").size() - 1).get("message").asText())
        .contains("ports {http=" + port + "}");
    assertThat(http.get("/scheduler/" + System.getProperty("user.name") + "/devel/hello").body())
        .contains("RUNNING").contains("localhost");

    assertThat(http.post("/api/jobs/" + System.getProperty("user.name") + "/devel/hello/kill",
        "{\"instances\": [1]}").status()).isEqualTo(200);
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(active("hello")).isEqualTo(Map.of(0, "RUNNING", 2, "RUNNING"));
      assertThat(http.get(tasksPath("hello") + "&statuses=KILLED&instances=1").json().get("tasks")).hasSize(1);
    });
    assertThat(scheduler.stats().values().get("framework_registered")).isEqualTo(1);
    // Each offer's matching is timed (a histogram on /metrics).
    assertThat(http.get("/metrics").body()).containsPattern("(?m)^aurora_offer_placement_seconds_count [1-9]");
    try (CuratorFramework reader = CuratorFrameworkFactory.newClient(zk, new RetryOneTime(100))) {
      reader.start();
      assertThat(reader.getChildren().forPath("/aurora/scheduler")).singleElement().asString().startsWith("member_");
    }

    // A task no agent can hold waits, and says why.
    assertThat(http.post("/api/jobs", job("huge", 1, "run", true).replace("\"cpu\": 0.2", "\"cpu\": 64"))
        .status()).isEqualTo(201);
    await().atMost(WAIT).untilAsserted(() -> assertThat(http.get("/pendingtasks").json().get("pending"))
        .anySatisfy(p -> assertThat(p.get("reason").asText()).contains("insufficient cpus (64.1 wanted")));
    http.post("/api/jobs/" + System.getProperty("user.name") + "/devel/huge/kill", "");
  }

  @Test
  @Order(2)
  void serviceWhoseTaskEndsIsRescheduledAndAFlappingOneIsThrottled() {
    assertThat(http.post("/api/jobs", job("ends", 1, "finish:1500", true)).status()).isEqualTo(201);
    // The first run ends after 1.5s (longer than the 1s flapping threshold): a new task replaces it at once.
    await().atMost(WAIT).untilAsserted(() -> {
      List<String> ancestors = new ArrayList<>();
      for (JsonNode t : http.get(tasksPath("ends")).json().get("tasks")) {
        if (!t.get("ancestorId").isNull()) {
          ancestors.add(t.get("ancestorId").asText());
        }
      }
      assertThat(http.get(tasksPath("ends") + "&statuses=FINISHED").json().get("tasks").size()).isPositive();
      assertThat(ancestors).isNotEmpty();
    });
    assertThat(http.post("/api/jobs", job("flaps", 1, "fail:10", true)).status()).isEqualTo(201);
    await().atMost(WAIT).untilAsserted(() -> {
      List<String> seen = new ArrayList<>();
      for (JsonNode t : http.get(tasksPath("flaps")).json().get("tasks")) {
        t.get("taskEvents").forEach(e -> seen.add(e.get("status").asText()));
      }
      assertThat(seen).contains("FAILED", "THROTTLED");
      assertThat(http.get(tasksPath("flaps") + "&statuses=FAILED").json().get("tasks").size())
          .isGreaterThanOrEqualTo(2);
    });
    http.post("/api/jobs/" + System.getProperty("user.name") + "/devel/ends/kill", "");
    http.post("/api/jobs/" + System.getProperty("user.name") + "/devel/flaps/kill", "");
    // With nothing pending offers are suppressed; new pending tasks (new jobs, back-offs over) revive them.
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(scheduler.stats().values().get("offers_suppressed").longValue()).isPositive());
    assertThat(scheduler.stats().values().get("offers_revived").longValue()).isPositive();
  }

  @Test
  @Order(3)
  void restartedSchedulerFindsItsJobsAndTasksAndKeepsItsFramework() throws Exception {
    String frameworkId = scheduler.storage().read().frameworkId().orElseThrow();
    Map<Integer, String> before = active("hello");
    assertThat(before).containsValues("RUNNING");
    scheduler.close();
    scheduler = SchedulerFixture.start(settings);
    http = new Http(scheduler.httpPort());
    assertThat(active("hello")).isEqualTo(before);
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(scheduler.stats().values().get("framework_registered")).isEqualTo(1));
    assertThat(scheduler.storage().read().frameworkId()).contains(frameworkId);
    // Reconciliation confirms the tasks still run; killing them works through the new subscription.
    await().atMost(WAIT).untilAsserted(() ->
        // The counter appears with the first update: absent until then, not zero.
        assertThat(scheduler.stats().values().getOrDefault("task_status_updates", 0).longValue()).isPositive());
    assertThat(active("hello")).isEqualTo(before);
    http.post("/api/jobs/" + System.getProperty("user.name") + "/devel/hello/kill", "");
    await().atMost(WAIT).untilAsserted(() -> assertThat(active("hello")).isEmpty());
  }
}
