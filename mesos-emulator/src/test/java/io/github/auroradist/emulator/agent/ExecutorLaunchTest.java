package io.github.auroradist.emulator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.StateReader;
import io.github.auroradist.emulator.testing.Tasks;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launches real executor processes through the master and agent, over real HTTP. */
class ExecutorLaunchTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  static Path workDir;

  static EmulatorCluster cluster;
  static URI master;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmulatorCluster.builder(workDir).resources("cpus:4;mem:4096;disk:20000;ports:[31000-32000]")
        .attributes("rack:a;zone:z1").start();
    master = cluster.masterUri();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static Offer offer(SchedulerConnection scheduler) throws InterruptedException {
    return scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
  }

  private static Path runsDir(String agentId, String frameworkId, String executorId) {
    return cluster.runs(agentId, frameworkId, executorId);
  }

  private static Call teardown() {
    return Call.newBuilder().setType(Call.Type.TEARDOWN).build();
  }

  @Test
  void launchesAnExecutorProcessInAMesosSandboxAndKillsItsTask() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("launch").build())) {
      Offer offer = offer(scheduler);
      AgentID agent = offer.getAgentId();
      ExecutorInfo executor = cluster.executor("e1");
      assertThat(scheduler.call(Tasks.launch(offer, List.of(Tasks.executorTask("t1", agent, executor, "run"))))
          .statusCode()).isEqualTo(202);

      TaskStatus running = scheduler.awaitUpdate("t1", TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
      assertThat(running.getUuid().size()).isEqualTo(16);
      assertThat(running.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
      assertThat(running.getAgentId()).isEqualTo(agent);
      assertThat(running.getExecutorId().getValue()).isEqualTo("e1");
      assertThat(scheduler.call(Tasks.acknowledge(running)).statusCode()).isEqualTo(202);

      // The sandbox is laid out like a Mesos agent's, with the latest link.
      Path runs = runsDir(agent.getValue(), scheduler.frameworkId.getValue(), "e1");
      Path latest = runs.resolve("latest");
      assertThat(Files.isSymbolicLink(latest)).isTrue();
      Path sandbox = runs.resolve(Files.readSymbolicLink(latest));
      assertThat(sandbox.getParent()).isEqualTo(runs);
      await().atMost(WAIT).until(() -> Files.exists(sandbox.resolve("stdout"))
          && Files.readString(sandbox.resolve("stdout")).contains("test executor e1 starting"));
      assertThat(sandbox.resolve("stderr")).exists();
      String env = Files.readString(sandbox.resolve("executor-env"));
      assertThat(env).contains("MESOS_FRAMEWORK_ID=" + scheduler.frameworkId.getValue() + "\n",
          "MESOS_EXECUTOR_ID=e1\n", "MESOS_AGENT_ID=" + agent.getValue() + "\n",
          "MESOS_SLAVE_ID=" + agent.getValue() + "\n", "MESOS_DIRECTORY=" + sandbox + "\n",
          "MESOS_SANDBOX=" + sandbox + "\n",
          "MESOS_AGENT_ENDPOINT=127.0.0.1:" + cluster.agents().get(0).port() + "\n", "MESOS_CHECKPOINT=0\n",
          "MESOS_RECOVERY_TIMEOUT=15mins\n", "MESOS_SUBSCRIPTION_BACKOFF_MAX=2secs\n",
          "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD=1secs\n", "MESOS_HTTP_COMMAND_EXECUTOR=0\n",
          "MESOS_USER=" + System.getProperty("user.name") + "\n");
      // The acknowledgement travels back to the executor.
      await().atMost(WAIT).until(() -> Files.readString(sandbox.resolve("events")).contains("ACKNOWLEDGED t1"));

      JsonNode state = StateReader.state(master);
      JsonNode agentState = StateReader.agent(state, agent.getValue());
      assertThat(agentState.path("used_resources").path("cpus").asDouble()).isEqualTo(0.6);
      assertThat(agentState.path("used_resources").path("mem").asDouble()).isEqualTo(192.0);
      assertThat(agentState.path("attributes").path("rack").asText()).isEqualTo("a");
      JsonNode fw = StateReader.framework(state, scheduler.frameworkId.getValue());
      assertThat(fw.path("tasks").get(0).path("id").asText()).isEqualTo("t1");
      assertThat(fw.path("tasks").get(0).path("state").asText()).isEqualTo("TASK_RUNNING");

      assertThat(scheduler.call(Tasks.kill("t1", agent)).statusCode()).isEqualTo(202);
      TaskStatus killed = scheduler.awaitUpdate("t1", TaskState.TASK_KILLED, WAIT).getUpdate().getStatus();
      scheduler.call(Tasks.acknowledge(killed));
      await().atMost(WAIT).untilAsserted(() -> assertThat(StateReader.agent(StateReader.state(master), agent.getValue())
          .path("used_resources").path("cpus").asDouble()).isEqualTo(0.1)); // the executor lives on

      scheduler.call(teardown());
      await().atMost(WAIT).until(scheduler::ended);
      await().atMost(WAIT).until(() -> Files.readString(sandbox.resolve("stdout")).contains("shutting down"));
      await().atMost(WAIT).untilAsserted(() -> assertThat(StateReader.agent(StateReader.state(master), agent.getValue())
          .path("used_resources").path("cpus").asDouble()).isEqualTo(0.0));
      JsonNode after = StateReader.state(master);
      assertThat(StateReader.framework(after, scheduler.frameworkId.getValue())).isNull();
      assertThat(after.path("completed_frameworks").toString()).contains(scheduler.frameworkId.getValue());
    }
  }

  @Test
  void retriesUnacknowledgedUpdatesAndReconciles() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("retry").build())) {
      Offer offer = offer(scheduler);
      scheduler.call(Tasks.launch(offer, List.of(
          Tasks.executorTask("t2", offer.getAgentId(), cluster.executor("e2"), "run"))));
      TaskStatus first = scheduler.awaitUpdate("t2", TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
      // Not acknowledged: the same update (same uuid) comes again.
      TaskStatus again = scheduler.awaitUpdate("t2", TaskState.TASK_RUNNING, Duration.ofSeconds(5))
          .getUpdate().getStatus();
      assertThat(again.getUuid()).isEqualTo(first.getUuid());
      scheduler.call(Tasks.acknowledge(again));

      // Implicit reconciliation: the latest state of every task, no uuid.
      scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance())
          .build());
      TaskStatus implicit = scheduler.await(e -> e.getType() == Event.Type.UPDATE
          && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION, WAIT, "reconciliation")
          .getUpdate().getStatus();
      assertThat(implicit.getTaskId().getValue()).isEqualTo("t2");
      assertThat(implicit.getState()).isEqualTo(TaskState.TASK_RUNNING);
      assertThat(implicit.hasUuid()).isFalse();

      // Explicit reconciliation: a known task and an unknown one (TASK_LOST for non-partition-aware frameworks).
      scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
          .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(implicit.getTaskId()))
          .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(
              org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue("never-launched")))).build());
      TaskStatus unknown = scheduler.awaitUpdate("never-launched", TaskState.TASK_LOST, WAIT).getUpdate().getStatus();
      assertThat(unknown.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
      assertThat(scheduler.awaitUpdate("t2", TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus().getReason())
          .isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
      scheduler.call(teardown());
    }
  }

  @Test
  void executorExitWithoutTerminalUpdateFailsItsTasks() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("exit").build())) {
      Offer offer = offer(scheduler);
      scheduler.call(Tasks.launch(offer, List.of(
          Tasks.executorTask("t3", offer.getAgentId(), cluster.executor("e3"), "exit:3"))));
      TaskStatus running = scheduler.awaitUpdate("t3", TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
      scheduler.call(Tasks.acknowledge(running));
      TaskStatus failed = scheduler.awaitUpdate("t3", TaskState.TASK_FAILED, WAIT).getUpdate().getStatus();
      assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
      assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
      assertThat(failed.hasUuid()).isTrue();
      scheduler.call(Tasks.acknowledge(failed));
      Event.Failure failure = scheduler.await(Event.Type.FAILURE, WAIT).getFailure();
      assertThat(failure.getExecutorId().getValue()).isEqualTo("e3");
      assertThat(failure.getAgentId()).isEqualTo(offer.getAgentId());
      assertThat(failure.getStatus()).isEqualTo(3 << 8);
      scheduler.call(teardown());
    }
  }

  @Test
  void oneExecutorRunsSeveralTasks() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("shared").build())) {
      Offer offer = offer(scheduler);
      ExecutorInfo executor = cluster.executor("e4");
      scheduler.call(Tasks.launch(offer, List.of(Tasks.executorTask("t4a", offer.getAgentId(), executor, "run"))));
      scheduler.awaitUpdateAndAcknowledge("t4a", TaskState.TASK_RUNNING, WAIT);
      Offer second = scheduler.await(e -> e.getType() == Event.Type.OFFERS
          && e.getOffers().getOffers(0).getExecutorIdsCount() > 0, WAIT, "offer naming the running executor")
          .getOffers().getOffers(0);
      assertThat(second.getExecutorIds(0).getValue()).isEqualTo("e4");
      assertThat(second.getResourcesList().stream().filter(r -> r.getName().equals("cpus")).findFirst().orElseThrow()
          .getScalar().getValue()).isEqualTo(3.4);
      scheduler.call(Tasks.launch(second, List.of(Tasks.executorTask("t4b", offer.getAgentId(), executor, "finish"))));
      scheduler.awaitUpdateAndAcknowledge("t4b", TaskState.TASK_RUNNING, WAIT);
      scheduler.awaitUpdateAndAcknowledge("t4b", TaskState.TASK_FINISHED, WAIT);
      Path runs = runsDir(offer.getAgentId().getValue(), scheduler.frameworkId.getValue(), "e4");
      try (Stream<Path> dirs = Files.list(runs)) {
        assertThat(dirs.filter(p -> !p.getFileName().toString().equals("latest")).count()).isEqualTo(1);
      }
      String events = Files.readString(runs.resolve("latest").resolve("events"));
      assertThat(events).contains("LAUNCH t4a", "LAUNCH t4b");
      // Executor resources are counted once: 0.1 + 0.5 for the running task.
      assertThat(StateReader.agent(StateReader.state(master), offer.getAgentId().getValue())
          .path("used_resources").path("cpus").asDouble()).isEqualTo(0.6);
      scheduler.call(teardown());
    }
  }

  @Test
  void runsCommandTasksWithoutAnExecutor() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("command").build())) {
      Offer offer = offer(scheduler);
      var argv = Tasks.commandTask("argv", offer.getAgentId(), "/bin/echo").toBuilder();
      argv.getCommandBuilder().setShell(false).addArguments("echo").addArguments("$NOT_EXPANDED")
          .addArguments("two words");
      scheduler.call(Tasks.launch(offer, List.of(
          Tasks.commandTask("ok", offer.getAgentId(), "echo hello-from-$MESOS_EXECUTOR_ID"),
          Tasks.commandTask("bad", offer.getAgentId(), "exit 3"), argv.build())));
      scheduler.awaitUpdateAcking("argv", TaskState.TASK_FINISHED, WAIT);
      assertThat(Files.readString(runsDir(offer.getAgentId().getValue(), scheduler.frameworkId.getValue(), "argv")
          .resolve("latest").resolve("stdout"))).isEqualTo("$NOT_EXPANDED two words\n");
      scheduler.awaitUpdateAndAcknowledge("ok", TaskState.TASK_RUNNING, WAIT);
      scheduler.awaitUpdateAndAcknowledge("ok", TaskState.TASK_FINISHED, WAIT);
      scheduler.awaitUpdateAndAcknowledge("bad", TaskState.TASK_RUNNING, WAIT);
      TaskStatus bad = scheduler.awaitUpdate("bad", TaskState.TASK_FAILED, WAIT).getUpdate().getStatus();
      assertThat(bad.getMessage()).contains("status 3");
      Path stdout = runsDir(offer.getAgentId().getValue(), scheduler.frameworkId.getValue(), "ok")
          .resolve("latest").resolve("stdout");
      assertThat(Files.readString(stdout)).contains("hello-from-ok");
      scheduler.call(teardown());
    }
  }

  @Test
  void runsTasksAsTheirUserWhenTheAgentIsRoot() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "agent is not root");
    org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("id", "nobody").start().waitFor() == 0,
        "no user nobody");
    // The sandbox's parents must be reachable by the user, as on a real agent.
    for (Path p = workDir; p != null && !p.equals(p.getRoot()); p = p.getParent()) {
      String tmp = System.getProperty("java.io.tmpdir");
      if (p.startsWith(tmp) && !p.toString().equals(tmp)) {
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("as-user").setUser("nobody").build())) {
      Offer offer = offer(scheduler);
      scheduler.call(Tasks.launch(offer, List.of(Tasks.commandTask("whoami", offer.getAgentId(),
          "id -un; echo \"user=$MESOS_USER\"; touch owned-by-me"))));
      scheduler.awaitUpdateAndAcknowledge("whoami", TaskState.TASK_RUNNING, WAIT);
      TaskStatus done = scheduler.awaitUpdate("whoami", TaskState.TASK_FINISHED, WAIT).getUpdate().getStatus();
      scheduler.call(Tasks.acknowledge(done));
      Path sandbox = runsDir(offer.getAgentId().getValue(), scheduler.frameworkId.getValue(), "whoami")
          .resolve("latest");
      assertThat(Files.readString(sandbox.resolve("stdout"))).contains("nobody\n", "user=nobody");
      assertThat(Files.getOwner(sandbox.resolve("owned-by-me")).getName()).isEqualTo("nobody");
      scheduler.call(teardown());
    }
  }

  @Test
  void anExecutorThatResubscribesHandsOverItsUnacknowledgedUpdates() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("resubscribe").build())) {
      Offer offer = offer(scheduler);
      scheduler.call(Tasks.launch(offer, List.of(
          Tasks.executorTask("t5", offer.getAgentId(), cluster.executor("e5"), "resubscribe"))));
      scheduler.awaitUpdateAndAcknowledge("t5", TaskState.TASK_RUNNING, WAIT);
      TaskStatus finished = scheduler.awaitUpdate("t5", TaskState.TASK_FINISHED, WAIT).getUpdate().getStatus();
      assertThat(finished.getMessage()).isEqualTo("finished while disconnected");
      scheduler.call(Tasks.acknowledge(finished));
      Path events = runsDir(offer.getAgentId().getValue(), scheduler.frameworkId.getValue(), "e5")
          .resolve("latest").resolve("events");
      await().atMost(WAIT).until(() -> Files.readString(events).split("SUBSCRIBED", -1).length == 3);
      scheduler.call(teardown());
    }
  }

  @Test
  void fetchesUrisIntoTheSandboxAndFailsTasksWhoseFetchFails() throws Exception {
    Path script = workDir.resolve("hello.sh");
    Files.writeString(script, "#!/bin/sh\necho fetched-and-ran\n");
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("fetch").build())) {
      Offer offer = offer(scheduler);
      var fetched = Tasks.commandTask("fetched", offer.getAgentId(), "./hello.sh").toBuilder();
      fetched.getCommandBuilder().addUris(org.apache.mesos.v1.Protos.CommandInfo.URI.newBuilder()
          .setValue(script.toUri().toString()).setExecutable(true));
      ExecutorInfo broken = cluster.executor("e6").toBuilder().setCommand(cluster.executor("e6").getCommand()
          .toBuilder().addUris(org.apache.mesos.v1.Protos.CommandInfo.URI.newBuilder()
              .setValue(workDir.resolve("missing.tar.gz").toString()))).build();
      scheduler.call(Tasks.launch(offer, List.of(fetched.build(),
          Tasks.executorTask("unfetchable", offer.getAgentId(), broken, "run"))));
      scheduler.awaitUpdateAndAcknowledge("fetched", TaskState.TASK_RUNNING, WAIT);
      scheduler.awaitUpdateAndAcknowledge("fetched", TaskState.TASK_FINISHED, WAIT);
      Path sandbox = runsDir(offer.getAgentId().getValue(), scheduler.frameworkId.getValue(), "fetched")
          .resolve("latest");
      assertThat(Files.readString(sandbox.resolve("stdout"))).contains("fetched-and-ran");
      TaskStatus failed = scheduler.awaitUpdate("unfetchable", TaskState.TASK_FAILED, WAIT).getUpdate().getStatus();
      assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
      assertThat(failed.getMessage()).contains("missing.tar.gz");
      scheduler.call(Tasks.acknowledge(failed));
      await().atMost(WAIT).untilAsserted(() -> assertThat(StateReader.agent(StateReader.state(master),
          offer.getAgentId().getValue()).path("used_resources").path("cpus").asDouble()).isEqualTo(0.0));
      scheduler.call(teardown());
    }
  }

  @Test
  void frameworkMessagesTravelBothWays() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("messages").build())) {
      Offer offer = offer(scheduler);
      scheduler.call(Tasks.launch(offer, List.of(
          Tasks.executorTask("t7", offer.getAgentId(), cluster.executor("e7"), "message"))));
      scheduler.awaitUpdateAndAcknowledge("t7", TaskState.TASK_RUNNING, WAIT);
      Event.Message fromExecutor = scheduler.await(Event.Type.MESSAGE, WAIT).getMessage();
      assertThat(fromExecutor.getData().toStringUtf8()).isEqualTo("hello from t7");
      assertThat(fromExecutor.getExecutorId().getValue()).isEqualTo("e7");
      assertThat(fromExecutor.getAgentId()).isEqualTo(offer.getAgentId());
      scheduler.call(Call.newBuilder().setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
          .setAgentId(offer.getAgentId()).setExecutorId(fromExecutor.getExecutorId())
          .setData(com.google.protobuf.ByteString.copyFromUtf8("hello back"))).build());
      Path events = runsDir(offer.getAgentId().getValue(), scheduler.frameworkId.getValue(), "e7")
          .resolve("latest").resolve("events");
      await().atMost(WAIT).until(() -> Files.readString(events).contains("MESSAGE hello back"));
      scheduler.call(teardown());
    }
  }

  @Test
  void refusesInvalidTasks() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("invalid").build())) {
      Offer offer = offer(scheduler);
      var tooBig = Tasks.commandTask("huge", offer.getAgentId(), "true").toBuilder()
          .clearResources().addResources(Tasks.scalar("cpus", 64)).build();
      scheduler.call(Tasks.launch(offer, List.of(tooBig)));
      TaskStatus error = scheduler.awaitUpdate("huge", TaskState.TASK_ERROR, WAIT).getUpdate().getStatus();
      assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
      assertThat(error.getMessage()).contains("more resources");
      // The same offer again is no longer valid.
      scheduler.call(Tasks.launch(offer, List.of(Tasks.commandTask("late", offer.getAgentId(), "true"))));
      TaskStatus lost = scheduler.awaitUpdate("late", TaskState.TASK_LOST, WAIT).getUpdate().getStatus();
      assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
      scheduler.call(teardown());
    }
  }
}
