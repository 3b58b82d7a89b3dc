package io.github.auroradist.emulator.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.auroradist.emulator.master.MasterServer;
import io.github.auroradist.emulator.testing.Clusters;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * Simulated agents register with a real master and look like agents to a framework on the v1 scheduler API: their
 * offers come, a task launched on one reports RUNNING (or FAILED at the failure rate), and a kill reports KILLED.
 */
class SimulatedAgentsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aThousandAgentsOfferRunAndKillTasks() throws Exception {
    try (MasterServer master = MasterServer.start(Clusters.fastMaster());
        SimulatedAgents agents = SimulatedAgents.start(master.uri(), new SimulatedAgents.Settings(1000,
            "cpus:4;mem:8192;disk:10000;ports:[31000-31100]", Duration.ZERO, 0, 1));
        SchedulerConnection fw = SchedulerConnection.subscribe(master.uri(),
            SchedulerConnection.framework("sim").build())) {
      List<Offer> offers = fw.awaitOffersFromAgents(1000, WAIT);
      assertThat(offers).extracting(o -> o.getHostname()).contains("sim-0", "sim-999");
      assertThat(offers.get(0).getAttributesList()).anyMatch(a -> a.getName().equals("rack"));

      Offer offer = offers.get(500);
      fw.call(Tasks.launch(offer, List.of(Tasks.commandTask("t1", offer.getAgentId(), "sleep 1000"))));
      fw.awaitUpdateAcking("t1", TaskState.TASK_RUNNING, WAIT);
      assertThat(agents.liveTasks()).isEqualTo(1);

      fw.call(Tasks.kill("t1", offer.getAgentId()));
      fw.awaitUpdateAcking("t1", TaskState.TASK_KILLED, WAIT);
      assertThat(agents.liveTasks()).isZero();
    }
  }

  /**
   * The agents forward their tasks' updates to the master many at a time; each still reaches the framework on its
   * own, and is sent again until the framework acknowledges it.
   */
  @Test
  void updatesOfManyTasksAtOnceEachReachTheFrameworkAndAreResentUntilAcknowledged() throws Exception {
    int count = 200;
    try (MasterServer master = MasterServer.start(Clusters.fastMaster());
        SimulatedAgents agents = SimulatedAgents.start(master.uri(), new SimulatedAgents.Settings(count,
            "cpus:4;mem:8192", Duration.ZERO, 0, 1));
        SchedulerConnection fw = SchedulerConnection.subscribe(master.uri(),
            SchedulerConnection.framework("sim").build())) {
      List<Offer> offers = fw.awaitOffersFromAgents(count, WAIT);
      for (int i = 0; i < count; i++) {
        Offer offer = offers.get(i);
        fw.call(Tasks.launch(offer, List.of(Tasks.commandTask("t" + i, offer.getAgentId(), "true"))));
      }
      List<TaskStatus> first = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        first.add(fw.awaitUpdate("t" + i, TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus());
      }
      for (int i = 0; i < count; i++) {
        TaskStatus again = fw.awaitUpdate("t" + i, TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
        assertThat(again.getUuid()).as("the same update, re-sent").isEqualTo(first.get(i).getUuid());
        fw.call(Tasks.acknowledge(again));
      }
      assertThat(agents.liveTasks()).isEqualTo(count);
    }
  }

  @Test
  void tasksFailAtTheFailureRateAfterTheirDelay() throws Exception {
    try (MasterServer master = MasterServer.start(Clusters.fastMaster());
        SimulatedAgents agents = SimulatedAgents.start(master.uri(), new SimulatedAgents.Settings(2,
            "cpus:4;mem:8192", Duration.ofMillis(200), 1, 1));
        SchedulerConnection fw = SchedulerConnection.subscribe(master.uri(),
            SchedulerConnection.framework("sim").build())) {
      Offer offer = fw.awaitOffersFromAgents(1, WAIT).get(0);
      fw.call(Tasks.launch(offer, List.of(Tasks.commandTask("doomed", offer.getAgentId(), "true"))));
      fw.awaitUpdateAcking("doomed", TaskState.TASK_FAILED, WAIT);
      assertThat(agents.count()).isEqualTo(2);
    }
  }

  @Test
  void settingsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> new SimulatedAgents.Settings(0, "cpus:1", Duration.ZERO, 0, 1))
        .hasMessageContaining("--count");
    assertThatThrownBy(() -> new SimulatedAgents.Settings(1, "cpus:1", Duration.ZERO, 1.5, 1))
        .hasMessageContaining("--fail_rate");
  }
}
