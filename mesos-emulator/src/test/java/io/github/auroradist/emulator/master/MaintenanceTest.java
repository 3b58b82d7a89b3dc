package io.github.auroradist.emulator.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.InverseOffer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mesos's maintenance primitives: the schedule, machine status, down/up, and inverse offers to frameworks. */
class MaintenanceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  static Path workDir;
  static EmulatorCluster cluster;
  static URI master;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmulatorCluster.builder(workDir).agents(2).resources("cpus:2;mem:1024;disk:1000").start();
    master = cluster.masterUri();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  static String window(String host, long startNanos) {
    return "{\"windows\": [{\"machine_ids\": [{\"hostname\": \"" + host + "\", \"ip\": \"127.0.0.1\"}],"
        + " \"unavailability\": {\"start\": {\"nanoseconds\": " + startNanos + "},"
        + " \"duration\": {\"nanoseconds\": 3600000000000}}}]}";
  }

  static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Test
  void badRequestsAreRefusedSayingWhy() throws Exception {
    assertBadRequest(post("/maintenance/schedule", "{nope"), "Failed to parse the maintenance schedule");
    assertBadRequest(post("/maintenance/schedule", "{\"windowz\": []}"), "windowz");
    assertBadRequest(post("/maintenance/schedule", "{\"windows\": [{\"unavailability\": {\"start\":"
        + " {\"nanoseconds\": 1}}}]}"), "windows[0].machine_ids: list at least one machine");
    assertBadRequest(post("/maintenance/schedule", "{\"windows\": [{\"machine_ids\": [{\"hostname\": \"h\"}]}]}"),
        "missing required fields: unavailability");
    assertBadRequest(post("/machine/down", "{\"hostname\": \"h\"}"), "give a JSON list of machine ids");
    assertBadRequest(post("/machine/down", "[{\"hostname\": \"nowhere\"}]"), "is not in DRAINING mode");
    assertBadRequest(post("/machine/up", "[{\"hostname\": \"nowhere\"}]"), "is not in DOWN mode");
    assertThat(get("/maintenance/schedule").body()).isEqualTo("{\n}");
  }

  @Test
  void scheduledAgentsAreInverseOfferedAndAnswersShowInTheStatus() throws Exception {
    try (SchedulerConnection fw = cluster.subscribe("maintained")) {
      long start = nowNanos();
      assertThat(post("/maintenance/schedule", window("localhost", start)).statusCode()).isEqualTo(200);
      Event event = fw.await(Event.Type.INVERSE_OFFERS, WAIT);
      List<InverseOffer> offers = event.getInverseOffers().getInverseOffersList();
      assertThat(offers).hasSize(2); // both agents run on localhost
      assertThat(offers.get(0).getUnavailability().getStart().getNanoseconds()).isEqualTo(start);
      assertThat(offers.get(0).getUrl().getAddress().getHostname()).isEqualTo("localhost");
      JsonNode schedule = ProtoJson.MAPPER.readTree(get("/master/maintenance/schedule").body());
      assertThat(schedule.at("/windows/0/machine_ids/0/hostname").asText()).isEqualTo("localhost");

      assertThat(fw.call(Call.newBuilder().setType(Call.Type.DECLINE_INVERSE_OFFERS)
          .setDeclineInverseOffers(Call.DeclineInverseOffers.newBuilder().addInverseOfferIds(offers.get(0).getId())
              .setFilters(Filters.newBuilder().setRefuseSeconds(0))).build()).statusCode()).isEqualTo(202);
      JsonNode status = ProtoJson.MAPPER.readTree(get("/maintenance/status").body());
      assertThat(status.at("/draining_machines/0/id/hostname").asText()).isEqualTo("localhost");
      assertThat(status.at("/draining_machines/0/statuses/0/status").asText()).isEqualTo("DECLINE");
      assertThat(status.at("/draining_machines/0/statuses/0/framework_id/value").asText())
          .isEqualTo(fw.frameworkId.getValue());
      // A declined agent is asked again once the refusal is over.
      Event again = fw.await(e -> e.getType() == Event.Type.INVERSE_OFFERS
          && e.getInverseOffers().getInverseOffers(0).getAgentId().equals(offers.get(0).getAgentId()), WAIT,
          "a new inverse offer for the declined agent");
      assertThat(again.getInverseOffers().getInverseOffers(0).getId()).isNotEqualTo(offers.get(0).getId());

      // Clearing the schedule withdraws the inverse offers still open.
      assertThat(post("/maintenance/schedule", "{\"windows\": []}").statusCode()).isEqualTo(200);
      Event rescind = fw.await(e -> e.getType() == Event.Type.RESCIND_INVERSE_OFFER
          && e.getRescindInverseOffer().getInverseOfferId().equals(offers.get(1).getId()), WAIT,
          "the open inverse offer withdrawn");
      assertThat(rescind).isNotNull();
    }
  }

  @Test
  void aScheduledMachineGoesDownAndComesUpLeavingTheSchedule() throws Exception {
    assertThat(post("/maintenance/schedule", window("otherhost", nowNanos())).statusCode()).isEqualTo(200);
    assertThat(post("/machine/down", "[{\"hostname\": \"otherhost\", \"ip\": \"127.0.0.1\"}]").statusCode())
        .isEqualTo(200);
    JsonNode status = ProtoJson.MAPPER.readTree(get("/maintenance/status").body());
    assertThat(status.at("/down_machines/0/hostname").asText()).isEqualTo("otherhost");
    assertThat(status.has("draining_machines")).isFalse();
    assertBadRequest(post("/maintenance/schedule", "{\"windows\": []}"), "is down and must stay in the schedule");
    assertThat(post("/machine/up", "[{\"hostname\": \"otherhost\", \"ip\": \"127.0.0.1\"}]").statusCode())
        .isEqualTo(200);
    assertThat(get("/maintenance/schedule").body()).isEqualTo("{\n}");
    assertThat(get("/maintenance/status").body()).isEqualTo("{\n}");
  }

  private static void assertBadRequest(HttpResponse<String> reply, String message) {
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(400);
    assertThat(reply.body()).contains(message);
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return SchedulerConnection.HTTP.send(HttpRequest.newBuilder(master.resolve(path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return SchedulerConnection.HTTP.send(HttpRequest.newBuilder(master.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
