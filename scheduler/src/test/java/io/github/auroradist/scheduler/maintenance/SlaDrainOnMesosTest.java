package io.github.auroradist.scheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.ScriptedExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SLA-aware drain end to end: the scheduler against the Mesos emulator (two agents on distinct loopback hosts)
 * with real executor processes, jobs with count, percentage and coordinator SLA policies, a coordinator over HTTP,
 * a scheduler restart in the middle of the drain, and the drain's deadline.
 */
class SlaDrainOnMesosTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String ROLE = System.getProperty("user.name");

  @TempDir
  Path dir;
  EmulatorCluster cluster;
  Scheduler scheduler;
  Http http;
  HttpServer coordinator;
  ExecutorService coordinatorThreads;
  final CountDownLatch releaseSilent = new CountDownLatch(1);

  @AfterEach
  void stop() throws Exception {
    releaseSilent.countDown();
    if (scheduler != null) {
      scheduler.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (coordinator != null) {
      coordinator.stop(0);
      coordinatorThreads.shutdownNow();
    }
  }

  private void startCoordinator() throws IOException {
    coordinator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    coordinatorThreads = Executors.newCachedThreadPool();
    coordinator.setExecutor(coordinatorThreads);
    // Lets instance 0 go, never instance 1.
    coordinator.createContext("/sla", x -> {
      JsonNode body = ModelJson.mapper().readTree(x.getRequestBody().readAllBytes());
      reply(x, "{\"drain\": " + body.get("task").asText().endsWith("/0") + "}");
    });
    coordinator.createContext("/silent", x -> {
      try {
        releaseSilent.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(x, "{\"drain\": true}");
    });
    coordinator.start();
  }

  private static void reply(HttpExchange x, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private String coordinatorUrl(String path) {
    return "http://127.0.0.1:" + coordinator.getAddress().getPort() + path;
  }

  private static String job(String name, int instances, String slaPolicy) {
    return """
        {"key": {"role": "%s", "environment": "devel", "name": "%s"}, "instanceCount": %d,
         "taskConfig": {"isService": true, "maxTaskFailures": 1,
           "resources": {"cpu": 0.2, "ramMb": 32, "diskMb": 16, "namedPorts": []},
           "executorConfig": {"name": "AuroraExecutor", "data": "run"}, "slaPolicy": %s}}
        """.formatted(ROLE, name, instances, slaPolicy);
  }

  /** Instance id to "host STATUS" of the job's active tasks. */
  private Map<Integer, String> active(String name) {
    Map<Integer, String> out = new TreeMap<>();
    String path = "/api/tasks?role=" + ROLE + "&environment=devel&name=" + name + "&statuses=ACTIVE";
    for (JsonNode t : http.get(path).json().get("tasks")) {
      out.put(t.get("assignedTask").get("instanceId").asInt(),
          t.get("assignedTask").get("agentHost").asText() + " " + t.get("status").asText());
    }
    return out;
  }

  private String mode(String host) {
    return http.get("/api/maintenance?hosts=" + host).json().get("hosts").get(host).asText();
  }

  private static Map<Integer, String> all(int instances, String value) {
    Map<Integer, String> out = new TreeMap<>();
    for (int i = 0; i < instances; i++) {
      out.put(i, value);
    }
    return out;
  }

  @Test
  void drainsWithinEachJobsSlaAcrossARestartThenForcesTheRestAtTheDeadline() throws Exception {
    startCoordinator();
    cluster = EmulatorCluster.builder(dir.resolve("mesos")).agents(2).standardAgents().distinctHosts().start();
    URI master = cluster.masterUri();
    SchedulerSettings settings = SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        master.getHost() + ":" + master.getPort(), "-thermos_executor_path=" + ScriptedExecutor.command(),
        "-thermos_executor_cpu=0.1", "-thermos_executor_ram=32MB");
    scheduler = SchedulerFixture.start(settings);
    http = new Http(scheduler.httpPort());
    String hostA = "127.0.0.2";
    String hostB = "127.0.0.3";
    await().atMost(WAIT).until(() -> scheduler.storage().read().hostAttributes(hostB).isPresent()
        && scheduler.storage().read().hostAttributes(hostA).isPresent());

    // Everything starts on host A: B is drained meanwhile.
    assertThat(http.post("/api/maintenance/drain", "{\"hosts\": [\"" + hostB + "\"]}").status()).isEqualTo(200);
    assertThat(http.post("/api/jobs", job("counted", 2, "{\"kind\": \"COUNT\", \"count\": 2, \"durationSecs\": 0}"))
        .status()).isEqualTo(201);
    assertThat(http.post("/api/jobs", job("percent", 2,
        "{\"kind\": \"PERCENTAGE\", \"percentage\": 50, \"durationSecs\": 0}")).status()).isEqualTo(201);
    assertThat(http.post("/api/jobs", job("coordinated", 2, "{\"kind\": \"COORDINATOR\", \"coordinatorUrl\": \""
        + coordinatorUrl("/sla") + "\"}")).status()).isEqualTo(201);
    assertThat(http.post("/api/jobs", job("silent", 1, "{\"kind\": \"COORDINATOR\", \"coordinatorUrl\": \""
        + coordinatorUrl("/silent") + "\", \"statusKey\": \"drain\"}")).status()).isEqualTo(201);
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(active("counted")).isEqualTo(all(2, hostA + " RUNNING"));
      assertThat(active("percent")).isEqualTo(all(2, hostA + " RUNNING"));
      assertThat(active("coordinated")).isEqualTo(all(2, hostA + " RUNNING"));
      assertThat(active("silent")).isEqualTo(all(1, hostA + " RUNNING"));
    });
    assertThat(http.post("/api/maintenance/end", "{\"hosts\": [\"" + hostB + "\"]}").status()).isEqualTo(200);

    // The deadline leaves the moves within the SLAs and the restart below (about 15 s here) room to finish first.
    JsonNode drained = http.post("/api/maintenance/sla_drain", "{\"hosts\": [\"" + hostA + "\"], "
        + "\"defaultSlaPolicy\": {\"kind\": \"COUNT\", \"count\": 1, \"durationSecs\": 0}, \"timeoutSecs\": 40}")
        .json();
    assertThat(drained.get("hosts").get(hostA).asText()).isEqualTo("DRAINING");
    // 50% of 2 lets one go at a time: the second once the first runs on B. The coordinator lets instance 0 go.
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(active("percent")).isEqualTo(all(2, hostB + " RUNNING"));
      assertThat(active("coordinated")).isEqualTo(Map.of(0, hostB + " RUNNING", 1, hostA + " RUNNING"));
    });
    // Count 2 of 2 lets none go, and the silent coordinator never says yes.
    assertThat(active("counted")).isEqualTo(all(2, hostA + " RUNNING"));
    assertThat(active("silent")).isEqualTo(all(1, hostA + " RUNNING"));
    assertThat(mode(hostA)).isEqualTo("DRAINING");
    JsonNode drain = http.get("/api/maintenance?hosts=" + hostA).json().get("drains").get(hostA);
    long deadline = drain.get("deadline").asLong();
    assertThat(drain.get("defaultSlaPolicy").get("kind").asText()).isEqualTo("COUNT");

    // A restarted scheduler carries the drain on from the log.
    scheduler.close();
    scheduler = SchedulerFixture.start(settings);
    http = new Http(scheduler.httpPort());
    assertThat(mode(hostA)).isEqualTo("DRAINING");
    assertThat(http.get("/api/maintenance").json().get("drains").get(hostA).get("deadline").asLong())
        .isEqualTo(deadline);
    assertThat(active("counted")).isEqualTo(all(2, hostA + " RUNNING"));

    // At the deadline the rest goes regardless, and the empty host is DRAINED.
    await().atMost(WAIT.plusSeconds(60)).untilAsserted(() -> {
      assertThat(active("counted")).isEqualTo(all(2, hostB + " RUNNING"));
      assertThat(active("coordinated")).isEqualTo(all(2, hostB + " RUNNING"));
      assertThat(active("silent")).isEqualTo(all(1, hostB + " RUNNING"));
      assertThat(mode(hostA)).isEqualTo("DRAINED");
    });
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(deadline);

    // host_activate puts it back in service.
    assertThat(http.post("/api/maintenance/end", "{\"hosts\": [\"" + hostA + "\"]}").status()).isEqualTo(200);
    assertThat(mode(hostA)).isEqualTo("NONE");
    assertThat(http.get("/api/maintenance").json().has("drains")).isFalse();
  }
}
