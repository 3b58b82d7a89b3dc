package io.github.auroradist.emulator.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.StateReader;
import io.github.auroradist.emulator.testing.Tasks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master that restarts learns the running tasks again from its agents. */
class MasterRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path workDir;

  @Test
  void agentsBringTheirTasksToARestartedMaster() throws Exception {
    try (EmulatorCluster cluster = EmulatorCluster.builder(workDir).resources("cpus:2;mem:512").start()) {
      FrameworkInfo info = SchedulerConnection.framework("survivor").setFailoverTimeout(60).build();
      SchedulerConnection first = cluster.subscribe(info);
      Offer offer = first.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      first.call(Tasks.launch(offer, List.of(Tasks.commandTask("long", offer.getAgentId(), "sleep 60"))));
      first.call(Tasks.acknowledge(first.awaitUpdate("long", TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus()));

      MasterServer master = cluster.restartMaster();
      await().atMost(WAIT).until(first::ended);
      await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.state().path("slaves")).hasSize(1));
      assertThat(cluster.state().path("slaves").get(0).path("id").asText()).isEqualTo(offer.getAgentId().getValue());

      try (SchedulerConnection second = cluster.subscribe(info.toBuilder().setId(first.frameworkId).build())) {
        assertThat(second.frameworkId).isEqualTo(first.frameworkId);
        second.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
            .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("long")))).build());
        // (The agent may also re-send a TASK_RUNNING whose acknowledgement died with the old master.)
        TaskStatus status = second.await(e -> e.getType() == Event.Type.UPDATE
            && e.getUpdate().getStatus().hasReason()
            && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION, WAIT,
            "reconciliation update").getUpdate().getStatus();
        assertThat(status.getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(status.getTaskId().getValue()).isEqualTo("long");
        // The restarted master accounts for the running task.
        assertThat(StateReader.state(master.uri()).path("slaves").get(0).path("used_resources").path("cpus").asDouble())
            .isEqualTo(0.25);
        second.call(Tasks.kill("long", offer.getAgentId()));
        second.awaitUpdateAcking("long", TaskState.TASK_KILLED, WAIT);
        second.call(Call.newBuilder().setType(Call.Type.TEARDOWN).build());
      }
    }
  }
}
