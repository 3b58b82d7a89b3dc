package io.github.auroradist.emulator.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.StateReader;
import io.github.auroradist.emulator.testing.Tasks;
import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.recordio.RecordIo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler HTTP API as a scheduler sees it: subscription, offers, filters, errors, failover. */
class SchedulerApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  static Path workDir;

  static EmulatorCluster cluster;
  static URI master;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmulatorCluster.builder(workDir).agents(2)
        .resources("cpus:2;mem:1024;disk:1000;ports:[31000-31009];gpus:1").attributes("rack:r1;zone:z1").start();
    master = cluster.masterUri();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static Call teardown() {
    return Call.newBuilder().setType(Call.Type.TEARDOWN).build();
  }

  @Test
  void subscribeStreamsSubscribedOffersAndHeartbeats() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("offers").addCapabilities(FrameworkInfo.Capability.newBuilder()
            .setType(FrameworkInfo.Capability.Type.GPU_RESOURCES)).build())) {
      assertThat(scheduler.response().headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(scheduler.streamId).isNotBlank();
      assertThat(scheduler.frameworkId.getValue()).isNotBlank();
      List<Offer> offers = scheduler.awaitOffersFromAgents(2, WAIT);
      Offer offer = offers.get(0);
      assertThat(offer.getHostname()).isEqualTo("localhost");
      assertThat(offer.getFrameworkId()).isEqualTo(scheduler.frameworkId);
      assertThat(offer.getAttributesList())
          .anyMatch(a -> a.getName().equals("rack") && a.getText().getValue().equals("r1"));
      assertThat(offer.getResourcesList()).anyMatch(r -> r.getName().equals("gpus") && r.getScalar().getValue() == 1.0);
      assertThat(offers).anyMatch(o -> o.getResourcesList().stream().anyMatch(r -> r.getName().equals("ports")
          && r.getRanges().getRange(0).getBegin() == 31005 && r.getRanges().getRange(0).getEnd() == 31009));
      scheduler.await(Event.Type.HEARTBEAT, Duration.ofSeconds(5));
      assertThat(StateReader.framework(StateReader.state(master), scheduler.frameworkId.getValue())
          .path("offers")).hasSize(2);
      scheduler.call(teardown());
    }
  }

  @Test
  void protobufSubscriptionsWork() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("protobuf").build(), MesosContentType.PROTOBUF)) {
      assertThat(scheduler.response().headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
      Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      // Without GPU_RESOURCES a framework is not offered GPUs.
      assertThat(offer.getResourcesList()).noneMatch(r -> r.getName().equals("gpus"));
      assertThat(offer.getResourcesList()).anyMatch(r -> r.getName().equals("cpus"));
      assertThat(scheduler.call(Tasks.decline(offer.getId(), 0)).statusCode()).isEqualTo(202);
      scheduler.call(teardown());
    }
  }

  @Test
  void recordIoAcceptIsAnsweredOperatorApiStyle() throws Exception {
    Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
        .setFrameworkInfo(SchedulerConnection.framework("recordio"))).build();
    HttpResponse<java.io.InputStream> response = SchedulerConnection.HTTP.send(
        HttpRequest.newBuilder(master.resolve("/api/v1/scheduler")).header("Content-Type", "application/json")
            .header("Accept", "application/recordio").header("Message-Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(MesosContentType.JSON.encode(subscribe))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream body = response.body()) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/recordio");
      assertThat(response.headers().firstValue("Message-Content-Type")).hasValue("application/json");
      Event first = MesosContentType.JSON.decode(new RecordIo.Reader(body).next(), Event.getDefaultInstance());
      assertThat(first.getType()).isEqualTo(Event.Type.SUBSCRIBED);
      SchedulerConnection.post(master, MesosContentType.JSON, Call.newBuilder().setType(Call.Type.TEARDOWN)
          .setFrameworkId(first.getSubscribed().getFrameworkId()).build(),
          response.headers().firstValue(MesosContentType.STREAM_ID).orElseThrow());
    }
  }

  @Test
  void declineFiltersHoldForRefuseSecondsAndReviveClearsThem() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("filters").build())) {
      List<Offer> offers = scheduler.awaitOffersFromAgents(2, WAIT);
      Offer filtered = offers.get(0);
      Offer other = offers.get(1);
      Instant declined = Instant.now();
      scheduler.call(Tasks.decline(filtered.getId(), 3));
      scheduler.call(Tasks.decline(other.getId(), 0));
      // The unfiltered agent comes back at once; the filtered one only after about 3 seconds.
      Offer back = scheduler.awaitOfferOn(filtered.getAgentId().getValue(), WAIT);
      assertThat(Duration.between(declined, Instant.now())).isGreaterThan(Duration.ofMillis(2500));
      assertThat(back.getId()).isNotEqualTo(filtered.getId());

      // A minute's filter, and REVIVE lifts it.
      scheduler.call(Tasks.decline(back.getId(), 60));
      scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE).build());
      scheduler.awaitOfferOn(filtered.getAgentId().getValue(), WAIT);

      // SUPPRESS stops offers: once this framework gives back what it holds, another framework gets everything.
      scheduler.call(Call.newBuilder().setType(Call.Type.SUPPRESS).build());
      for (JsonNode held : StateReader.framework(StateReader.state(master), scheduler.frameworkId.getValue())
          .path("offers")) {
        scheduler.call(Tasks.decline(OfferID.newBuilder().setValue(held.path("id").asText()).build(), 0));
      }
      try (SchedulerConnection unsuppressed = cluster.subscribe("unsuppressed")) {
        unsuppressed.awaitOffersFromAgents(2, WAIT);
        assertThat(StateReader.framework(StateReader.state(master), scheduler.frameworkId.getValue()).path("offers"))
            .isEmpty();
        unsuppressed.call(teardown());
      }
      scheduler.call(teardown());
    }
  }

  @Test
  void badInputIsRefusedWithAMessage() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("errors").build())) {
      HttpResponse<String> garbage = SchedulerConnection.postRaw(master, "application/json",
          "{not json".getBytes(StandardCharsets.UTF_8), null);
      assertThat(garbage.statusCode()).isEqualTo(400);
      assertThat(garbage.body()).contains("Failed to parse body into Call protobuf");

      HttpResponse<String> recordIo = SchedulerConnection.postRaw(master, "application/x-protobuf",
          RecordIo.frame("\u0007\u00ff\u00ffgarbage".getBytes(StandardCharsets.ISO_8859_1)), null);
      assertThat(recordIo.statusCode()).isEqualTo(400);
      assertThat(recordIo.body()).isNotBlank();

      HttpResponse<String> unknownType = SchedulerConnection.postRaw(master, "application/json",
          ("{\"type\":\"LAUNCH_ROCKETS\",\"framework_id\":{\"value\":\"" + scheduler.frameworkId.getValue() + "\"}}")
              .getBytes(StandardCharsets.UTF_8), scheduler.streamId);
      assertThat(unknownType.statusCode()).isEqualTo(400);
      assertThat(unknownType.body()).contains("LAUNCH_ROCKETS");

      Call revive = Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(scheduler.frameworkId).build();
      HttpResponse<String> noStream = SchedulerConnection.post(master, MesosContentType.JSON, revive, null);
      assertThat(noStream.statusCode()).isEqualTo(400);
      assertThat(noStream.body()).contains("Mesos-Stream-Id");
      HttpResponse<String> wrongStream = SchedulerConnection.post(master, MesosContentType.JSON, revive,
          "not-the-stream");
      assertThat(wrongStream.statusCode()).isEqualTo(400);
      assertThat(wrongStream.body()).contains("didn't match");

      HttpResponse<String> noFramework = SchedulerConnection.post(master, MesosContentType.JSON,
          Call.newBuilder().setType(Call.Type.REVIVE).build(), scheduler.streamId);
      assertThat(noFramework.statusCode()).isEqualTo(400);
      assertThat(noFramework.body()).contains("framework_id");

      HttpResponse<String> badAck = scheduler.call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
          .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder()
              .setValue("a")).setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue("t"))
              .setUuid(com.google.protobuf.ByteString.copyFromUtf8("short"))).build());
      assertThat(badAck.statusCode()).isEqualTo(400);
      assertThat(badAck.body()).contains("UUID");

      HttpResponse<String> wrongMediaType = SchedulerConnection.postRaw(master, "text/plain",
          "x".getBytes(StandardCharsets.UTF_8), null);
      assertThat(wrongMediaType.statusCode()).isEqualTo(415);

      HttpResponse<String> get = SchedulerConnection.HTTP.send(
          HttpRequest.newBuilder(master.resolve("/api/v1/scheduler")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);

      HttpResponse<String> subscribeWithStream = SchedulerConnection.post(master, MesosContentType.JSON,
          Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
              .setFrameworkInfo(SchedulerConnection.framework("x"))).build(), scheduler.streamId);
      assertThat(subscribeWithStream.statusCode()).isEqualTo(400);

      HttpResponse<String> missingRequired = SchedulerConnection.postRaw(master, "application/json",
          "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"name\":\"no user\"}}}"
              .getBytes(StandardCharsets.UTF_8), null);
      assertThat(missingRequired.statusCode()).isEqualTo(400);
      assertThat(missingRequired.body()).contains("user");

      scheduler.call(teardown());
      await().atMost(WAIT).until(scheduler::ended);
      // A torn-down framework cannot come back under its id, and its calls are refused.
      HttpResponse<String> afterTeardown = scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE).build());
      assertThat(afterTeardown.statusCode()).isEqualTo(400);
      assertThat(afterTeardown.body()).contains("Framework cannot be found");
    }
  }

  @Test
  void aFrameworkThatFailsOverWithinItsTimeoutKeepsItsTasksAndGetsUnacknowledgedUpdatesAgain() throws Exception {
    FrameworkInfo info = SchedulerConnection.framework("failover").setFailoverTimeout(60).build();
    SchedulerConnection first = SchedulerConnection.subscribe(master, info);
    Offer offer = first.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
    first.call(Tasks.launch(offer, List.of(Tasks.commandTask("sleeper", offer.getAgentId(), "sleep 60"))));
    TaskStatus running = first.awaitUpdate("sleeper", TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
    first.close(); // the scheduler dies without acknowledging

    await().atMost(WAIT).untilAsserted(() -> assertThat(StateReader.framework(StateReader.state(master),
        first.frameworkId.getValue()).path("connected").asBoolean()).isFalse());
    HttpResponse<String> stale = SchedulerConnection.post(master, MesosContentType.JSON,
        Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(first.frameworkId).build(), first.streamId);
    assertThat(stale.statusCode()).isEqualTo(403);

    try (SchedulerConnection second = SchedulerConnection.subscribe(master,
        info.toBuilder().setId(first.frameworkId).build())) {
      assertThat(second.frameworkId).isEqualTo(first.frameworkId);
      assertThat(second.streamId).isNotEqualTo(first.streamId);
      TaskStatus again = second.awaitUpdate("sleeper", TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
      assertThat(again.getUuid()).isEqualTo(running.getUuid());
      second.call(Tasks.acknowledge(again));
      second.call(Tasks.kill("sleeper", offer.getAgentId()));
      second.awaitUpdate("sleeper", TaskState.TASK_KILLED, WAIT);
      second.call(teardown());
    }
  }

  @Test
  void aFrameworkThatDoesNotComeBackLosesItsTasksAfterTheFailoverTimeout() throws Exception {
    FrameworkInfo info = SchedulerConnection.framework("gone").setFailoverTimeout(1).build();
    SchedulerConnection scheduler = SchedulerConnection.subscribe(master, info);
    Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
    scheduler.call(Tasks.launch(offer, List.of(Tasks.commandTask("orphan", offer.getAgentId(), "sleep 60"))));
    scheduler.awaitUpdateAndAcknowledge("orphan", TaskState.TASK_RUNNING, WAIT);
    scheduler.close();
    await().atMost(WAIT).untilAsserted(() -> assertThat(StateReader.state(master).path("completed_frameworks")
        .toString()).contains(scheduler.frameworkId.getValue()));
    await().atMost(WAIT).untilAsserted(() -> assertThat(StateReader.agent(StateReader.state(master),
        offer.getAgentId().getValue()).path("used_resources").path("cpus").asDouble()).isEqualTo(0.0));
    HttpResponse<String> resubscribe = SchedulerConnection.post(master, MesosContentType.JSON,
        Call.newBuilder().setType(Call.Type.SUBSCRIBE).setFrameworkId(scheduler.frameworkId)
            .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info.toBuilder().setId(scheduler.frameworkId)))
            .build(), null);
    assertThat(resubscribe.statusCode()).isEqualTo(403);
    assertThat(resubscribe.body()).contains("removed");
  }

  @Test
  void stateAndHealthEndpoints() throws Exception {
    var state = StateReader.state(master);
    assertThat(state.path("slaves")).hasSize(2);
    assertThat(state.path("slaves").get(0).path("resources").path("cpus").asDouble()).isEqualTo(2.0);
    // The two local agents share the machine, so each offers half of the port range.
    assertThat(List.of(state.path("slaves").get(0).path("resources").path("ports").asText(),
        state.path("slaves").get(1).path("resources").path("ports").asText()))
        .containsExactlyInAnyOrder("[31000-31004]", "[31005-31009]");
    assertThat(state.path("leader_info").path("port").asInt()).isEqualTo(cluster.master().port());
    HttpResponse<String> health = SchedulerConnection.HTTP.send(
        HttpRequest.newBuilder(master.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    var agentState = StateReader.state(cluster.agents().get(0).uri());
    assertThat(agentState.path("id").asText()).isEqualTo(cluster.agents().get(0).agentId().orElseThrow());
    assertThat(agentState.path("attributes").path("zone").asText()).isEqualTo("z1");
  }

  private static HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
    return SchedulerConnection.HTTP.send(HttpRequest.newBuilder(base.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void endpointsAnswerWithMesosPathsAndPlainTextErrors() throws Exception {
    URI agent = cluster.agents().get(0).uri();
    HttpResponse<String> agentState = send(agent, "GET", "/slave(1)/state", null);
    assertThat(agentState.statusCode()).isEqualTo(200);
    assertThat(agentState.body()).contains(cluster.agents().get(0).agentId().orElseThrow());
    assertThat(send(agent, "GET", "/slave(1)/health", null).statusCode()).isEqualTo(200);
    assertThat(send(master, "GET", "/master/state.json", null).body()).contains("\"slaves\"");
    assertThat(send(master, "GET", "/master/health", null).statusCode()).isEqualTo(200);

    HttpResponse<String> redirect = send(master, "GET", "/master/redirect", null);
    assertThat(redirect.statusCode()).isEqualTo(307);
    assertThat(redirect.headers().firstValue("Location")).hasValue("//localhost:" + cluster.master().port());

    HttpResponse<String> get = send(master, "GET", "/api/v1/scheduler", null);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(get.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(get.body()).isEqualTo("Expecting a 'POST' request, received 'GET'");
    assertThat(send(agent, "PUT", "/api/v1/executor", "").body())
        .isEqualTo("Expecting a 'POST' request, received 'PUT'");

    HttpResponse<String> unknown = send(master, "GET", "/master/nope+x", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).startsWith("No endpoint /master/nope+x on the Mesos emulator master; it serves");
    assertThat(send(agent, "POST", "/emulator/v1/master/launch-rockets", "{}").statusCode()).isEqualTo(404);
    HttpResponse<String> notAnObject = send(master, "POST", "/emulator/v1/agent/ping", "[]");
    assertThat(notAnObject.statusCode()).isEqualTo(400);
    assertThat(notAnObject.body()).isEqualTo("agent protocol bodies are JSON objects");
  }
}
