package io.github.auroradist.emulator.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.emulator.agent.AgentServer;
import io.github.auroradist.emulator.local.LocalCluster;
import io.github.auroradist.emulator.testing.Clusters;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.StateReader;
import io.github.auroradist.emulator.testing.Tasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that stops pinging is removed and marked unreachable: its tasks are lost, its offers rescinded,
 * frameworks told; a partitioned agent comes back.
 */
class AgentLossTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path workDir;

  private static FrameworkInfo partitionAware() {
    return SchedulerConnection.framework("partition-aware").addCapabilities(FrameworkInfo.Capability.newBuilder()
        .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE)).build();
  }

  /** Launches "echo $$ > pid; exec sleep 60" and returns the running status. */
  private static TaskStatus launchSleeper(SchedulerConnection scheduler, Offer offer, String taskId) throws Exception {
    scheduler.call(Tasks.launch(offer, List.of(Tasks.commandTask(taskId, offer.getAgentId(),
        "echo $$ > pid; exec sleep 60"))));
    TaskStatus running = scheduler.awaitUpdate(taskId, TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
    scheduler.call(Tasks.acknowledge(running));
    return running;
  }

  @Test
  void tasksOfALostAgentAreLostAndItsOffersRescinded() throws Exception {
    try (EmulatorCluster cluster = EmulatorCluster.builder(workDir).agents(2).start();
        SchedulerConnection scheduler = cluster.subscribe("loss")) {
      AgentServer victim = cluster.agents().get(0);
      String victimId = victim.agentId().orElseThrow();
      Offer offer = scheduler.awaitOfferOn(victimId, WAIT);
      launchSleeper(scheduler, offer, "doomed");
      // The rest of the agent comes back as a new offer, which stays outstanding.
      Offer outstanding = scheduler.awaitOfferOn(victimId, WAIT);

      victim.close();

      Event rescind = scheduler.await(Event.Type.RESCIND, WAIT);
      assertThat(rescind.getRescind().getOfferId()).isEqualTo(outstanding.getId());
      TaskStatus lost = scheduler.awaitUpdate("doomed", TaskState.TASK_LOST, WAIT).getUpdate().getStatus();
      assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
      assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
      assertThat(lost.getAgentId().getValue()).isEqualTo(victimId);
      Event.Failure failure = scheduler.await(Event.Type.FAILURE, WAIT).getFailure();
      assertThat(failure.getAgentId().getValue()).isEqualTo(victimId);
      assertThat(failure.hasExecutorId()).isFalse();

      var state = StateReader.state(cluster.masterUri());
      assertThat(state.path("slaves")).hasSize(1);
      assertThat(state.path("unreachable_slaves").asInt()).isEqualTo(1);
      // Reconciliation of the lost task says TASK_LOST too.
      scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
          .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("doomed"))
              .setAgentId(lost.getAgentId()))).build());
      scheduler.awaitUpdate("doomed", TaskState.TASK_LOST, WAIT);
    }
  }

  @Test
  void partitionAwareFrameworksSeeTaskUnreachable() throws Exception {
    try (EmulatorCluster cluster = EmulatorCluster.builder(workDir).start();
        SchedulerConnection scheduler = cluster.subscribe(partitionAware())) {
      Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      launchSleeper(scheduler, offer, "partitioned");
      cluster.agents().get(0).close();
      TaskStatus unreachable = scheduler.awaitUpdate("partitioned", TaskState.TASK_UNREACHABLE, WAIT)
          .getUpdate().getStatus();
      assertThat(unreachable.hasUnreachableTime()).isTrue();
      scheduler.await(Event.Type.FAILURE, WAIT);
      scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
          .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("partitioned")))
          .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("unknown")))).build());
      scheduler.awaitUpdate("partitioned", TaskState.TASK_UNREACHABLE, WAIT);
      scheduler.awaitUpdate("unknown", TaskState.TASK_UNKNOWN, WAIT);
    }
  }

  @Test
  void aPartitionedAgentComesBackWithItsPartitionAwareTasksAndKillsTheOthers() throws Exception {
    try (EmulatorCluster cluster = EmulatorCluster.builder(workDir).start();
        SchedulerConnection aware = cluster.subscribe(partitionAware())) {
      AgentServer agent = cluster.agents().get(0);
      String agentId = agent.agentId().orElseThrow();
      launchSleeper(aware, aware.awaitOfferOn(agentId, WAIT), "kept");
      // The rest of the agent goes to the second framework.
      aware.call(Tasks.decline(aware.awaitOfferOn(agentId, WAIT).getId(), 3600));
      try (SchedulerConnection plain = cluster.subscribe("plain")) {
        launchSleeper(plain, plain.awaitOfferOn(agentId, WAIT), "dropped");

        agent.partition();
        aware.awaitUpdate("kept", TaskState.TASK_UNREACHABLE, WAIT);
        plain.awaitUpdate("dropped", TaskState.TASK_LOST, WAIT);
        assertThat(StateReader.state(cluster.masterUri()).path("unreachable_slaves").asInt()).isEqualTo(1);

        agent.heal();
        await().atMost(WAIT).until(() -> StateReader.state(cluster.masterUri()).path("slaves").size() == 1);
        assertThat(agent.agentId()).contains(agentId);
        assertThat(StateReader.state(cluster.masterUri()).path("unreachable_slaves").asInt()).isZero();
        // The partition-aware framework's task ran on: reconciliation says so.
        aware.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
            .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("kept"))))
            .build());
        TaskStatus running = aware.awaitUpdate("kept", TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
        assertThat(running.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        // The other framework was told TASK_LOST: its task is killed on the returning agent. The agent may
        // first re-send a TASK_RUNNING whose acknowledgement the partition cut off; it sends updates in order,
        // so that one must be acknowledged before the kill's update comes.
        plain.awaitUpdateAcking("dropped", TaskState.TASK_KILLED, WAIT);
      }
    }
  }

  @Test
  void anAgentInAnotherProcessTalksHttpAndIsLostWhenItDies() throws Exception {
    int agentPort = Ports.free();
    try (EmulatorCluster cluster = EmulatorCluster.builder(workDir).agents(0).start()) {
      MasterServer master = cluster.master();
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), "io.github.auroradist.emulator.cli.MesosEmulator", "agent",
          "--master", "127.0.0.1:" + master.port(), "--work_dir", workDir.toString(),
          "--port", String.valueOf(agentPort), "--ip", "127.0.0.1", "--hostname", "remote-host",
          "--resources", "cpus:3;mem:2048;disk:100;ports:[40000-40010]",
          "--attributes", "rack:b"));
      Process agent = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(workDir.resolve("agent.log").toFile()).start();
      long taskPid = -1;
      try {
        await().atMost(WAIT).untilAsserted(() -> assertThat(StateReader.state(master.uri()).path("slaves")).hasSize(1));
        var slave = StateReader.state(master.uri()).path("slaves").get(0);
        assertThat(slave.path("hostname").asText()).isEqualTo("remote-host");
        assertThat(slave.path("port").asInt()).isEqualTo(agentPort);
        assertThat(slave.path("resources").path("cpus").asDouble()).isEqualTo(3.0);
        assertThat(slave.path("attributes").path("rack").asText()).isEqualTo("b");
        try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master.uri(),
            SchedulerConnection.framework("remote").build())) {
          Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
          assertThat(offer.getHostname()).isEqualTo("remote-host");
          launchSleeper(scheduler, offer, "remote-task");
          // The agent in its own process works right under --work_dir.
          Path pidFile = workDir.resolve("slaves").resolve(offer.getAgentId().getValue()).resolve("frameworks")
              .resolve(scheduler.frameworkId.getValue()).resolve("executors").resolve("remote-task")
              .resolve("runs").resolve("latest").resolve("pid");
          await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
          taskPid = Long.parseLong(Files.readString(pidFile).trim());

          agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

          TaskStatus lost = scheduler.awaitUpdate("remote-task", TaskState.TASK_LOST, WAIT).getUpdate().getStatus();
          assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
          assertThat(scheduler.await(Event.Type.FAILURE, WAIT).getFailure().getAgentId()).isEqualTo(offer.getAgentId());
        }
      } finally {
        agent.destroyForcibly();
        if (taskPid > 0) {
          ProcessHandle.of(taskPid).ifPresent(ProcessHandle::destroyForcibly); // the task outlived its agent
        }
      }
    }
  }

  /** LocalCluster itself, as the local command runs it with --distinct_hosts. */
  @Test
  void localAgentsCanLookLikeSeparateHosts() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(Clusters.fastMaster(), Clusters.fastAgent(workDir), 2, workDir,
        true)) {
      cluster.awaitAgentsRegistered(WAIT);
      var slaves = StateReader.state(cluster.masterUri()).path("slaves");
      assertThat(List.of(slaves.get(0).path("hostname").asText(), slaves.get(1).path("hostname").asText()))
          .containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3");
      assertThat(cluster.agents().get(1).uri().getHost()).isEqualTo("127.0.0.3");
    }
  }
}
