package io.github.auroradist.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.EmulatorClusterExtension;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mesos's maintenance schedule drives host maintenance: a started window drains its host, clearing it ends it. The
 * scheduler runs with -populate_discovery_info, which the master's state shows on each task.
 */
class MesosMaintenanceTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ROLE = System.getProperty("user.name");

  @TempDir
  static Path dir;
  static SchedulerSettings settings;
  // Two agents on their own loopback addresses, so host names differ: 127.0.0.2 and 127.0.0.3.
  @RegisterExtension
  static final EmulatorClusterExtension MESOS =
      new EmulatorClusterExtension(b -> b.agents(2).standardAgents().distinctHosts());
  static EmulatorCluster cluster;
  static Scheduler scheduler;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    cluster = MESOS.cluster();
    settings = SchedulerFixture.settingsOnMesos(dir, cluster, "-populate_discovery_info=true");
    scheduler = SchedulerFixture.start(settings);
    http = new Http(scheduler.httpPort());
  }

  @AfterAll
  static void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
  }

  @Test
  void aStartedWindowDrainsTheHostAndClearingTheScheduleBringsItBack() throws Exception {
    assertThat(http.post("/api/jobs", MesosIntegrationTest.job("moves", 1, "run", true)).status()).isEqualTo(201);
    String host = await().atMost(WAIT).until(() -> runningHost("moves"), h -> h != null);
    String other = host.equals("127.0.0.2") ? "127.0.0.3" : "127.0.0.2";
    // -populate_discovery_info: Mesos shows each task's DiscoveryInfo.
    JsonNode discovery = masterTask("moves").path("discovery");
    assertThat(discovery.path("visibility").asText()).isEqualTo("FRAMEWORK");
    assertThat(discovery.path("name").asText()).isEqualTo("moves.devel." + ROLE);
    JsonNode port = discovery.at("/ports/ports/0");
    assertThat(port.path("name").asText()).isEqualTo("http");
    assertThat(port.path("protocol").asText()).isEqualTo("tcp");
    assertThat(port.path("number").asInt()).isEqualTo(http.get("/api/tasks?role=" + ROLE + "&name=moves").json()
        .at("/tasks/0/assignedTask/assignedPorts/http").asInt());

    // A window that starts later does not drain the host yet.
    Instant later = Instant.now().plus(Duration.ofHours(1));
    postSchedule(window(other, later));
    await().atMost(WAIT).until(() -> answered(other, "DECLINE"));
    assertThat(mode(other)).isEqualTo("NONE");

    // A window that has started drains it: the task moves to the other host.
    postSchedule(window(host, Instant.now().minusSeconds(1)));
    await().atMost(WAIT).until(() -> mode(host).equals("DRAINED"));
    await().atMost(WAIT).until(() -> other.equals(runningHost("moves")));

    // An operator's own drain is not ended by Mesos.
    assertThat(http.post("/api/maintenance/drain", "{\"hosts\": [\"" + other + "\"]}").status()).isEqualTo(200);

    // Cleared: the host is back in service and takes tasks again.
    postSchedule("{\"windows\": []}");
    await().atMost(WAIT).until(() -> mode(host).equals("NONE"));
    assertThat(mode(other)).isIn("DRAINING", "DRAINED");
    assertThat(http.post("/api/jobs", MesosIntegrationTest.job("back", 1, "run", true)).status()).isEqualTo(201);
    await().atMost(WAIT).until(() -> host.equals(runningHost("back")));
    assertThat(http.post("/api/maintenance/end", "{\"hosts\": [\"" + other + "\"]}").status()).isEqualTo(200);
  }

  @Test
  void aHostMesosDrainedGoesBackInServiceUnderTheNextSchedulerToo() throws Exception {
    assertThat(http.post("/api/jobs", MesosIntegrationTest.job("stays", 1, "run", true)).status()).isEqualTo(201);
    String host = await().atMost(WAIT).until(() -> runningHost("stays"), h -> h != null);
    postSchedule(window(host, Instant.now().minusSeconds(1)));
    await().atMost(WAIT).until(() -> mode(host).equals("DRAINED"));

    // The next scheduler on this log (as a new leader would) is sent the inverse offer again.
    scheduler.close();
    scheduler = SchedulerFixture.start(settings);
    http = new Http(scheduler.httpPort());
    await().atMost(WAIT).until(() ->
        scheduler.stats().values().getOrDefault("inverse_offers_received", 0).longValue() > 0);
    assertThat(mode(host)).isEqualTo("DRAINED");

    // It knows Mesos drained the host, so clearing the schedule puts the host back in service.
    postSchedule("{\"windows\": []}");
    await().atMost(WAIT).until(() -> mode(host).equals("NONE"));
    http.post("/api/jobs/" + ROLE + "/devel/stays/kill", "");
  }

  private static String window(String host, Instant start) {
    long nanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    return "{\"windows\": [{\"machine_ids\": [{\"hostname\": \"" + host + "\", \"ip\": \"" + host + "\"}],"
        + " \"unavailability\": {\"start\": {\"nanoseconds\": " + nanos + "}}}]}";
  }

  private static void postSchedule(String body) throws Exception {
    HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(cluster.masterUri() + "/maintenance/schedule")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
  }

  /** Whether the framework's answer for the machine, on the master's maintenance status, is {@code answer}. */
  private static boolean answered(String host, String answer) throws Exception {
    String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(cluster.masterUri() + "/maintenance/status")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
    JsonNode machines = io.github.auroradist.common.model.ModelJson.mapper().readTree(status)
        .path("draining_machines");
    for (JsonNode m : machines) {
      if (m.at("/id/hostname").asText().equals(host)) {
        for (JsonNode s : m.path("statuses")) {
          if (s.path("status").asText().equals(answer)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The job's (first) task as the Mesos master's /state shows it. */
  private static JsonNode masterTask(String job) throws Exception {
    String state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(cluster.masterUri() + "/master/state")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    for (JsonNode fw : io.github.auroradist.common.model.ModelJson.mapper().readTree(state).path("frameworks")) {
      for (JsonNode t : fw.path("tasks")) {
        if (t.path("name").asText().contains("/" + job + "/")) {
          return t;
        }
      }
    }
    throw new AssertionError("no task of " + job + " in the master's state: " + state);
  }

  private static String mode(String host) {
    return http.get("/api/maintenance?hosts=" + host).json().path("hosts").path(host).asText("NONE");
  }

  private static String runningHost(String job) {
    for (JsonNode t : http.get("/api/tasks?role=" + ROLE + "&name=" + job + "&statuses=RUNNING").json()
        .get("tasks")) {
      return t.get("assignedTask").get("agentHost").asText();
    }
    return null;
  }
}
