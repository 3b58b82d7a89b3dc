package io.github.auroradist.scheduler.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.ExecutorTaskData;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.mesos.TaskInfoFactory;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskEffects;
import io.github.auroradist.scheduler.testing.SharedLog;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OfferPlacerTest {
  @RegisterExtension
  static final SharedLog log = new SharedLog();
  static final StateManager manager = TestTasks.stateManager(Clock.systemUTC(), TaskEffects.NONE);
  static OfferPlacer placer;
  static final AtomicInteger JOBS = new AtomicInteger();

  @BeforeAll
  static void makePlacer() {
    placer = new OfferPlacer(log.storage(), manager, 0.25, 128);
  }

  static TaskConfig config(JobKey key, double cpu, Set<String> ports, Constraint... constraints) {
    TaskConfig c = TestTasks.config(key, true);
    return new TaskConfig(key, c.owner(), new Resources(cpu, 256, 256, 0, ports), List.of(constraints), true, false, 0,
        "preemptible", 1, null, List.of(), c.executorConfig());
  }

  static JobKey newJob() {
    return new JobKey("r", "prod", "j" + JOBS.incrementAndGet());
  }

  static List<ScheduledTask> insert(TaskConfig config, int count) {
    Set<Integer> ids = IntStream.range(0, count).boxed().collect(Collectors.toSet());
    return log.storage().write(s -> manager.insertPendingTasks(s, config, ids));
  }

  static void clearPending() {
    for (ScheduledTask t : log.stores().tasks(t -> t.status() == ScheduleStatus.PENDING)) {
      log.storage().write(s -> manager.changeState(s, t.taskId(), Optional.empty(), ScheduleStatus.KILLING, null));
    }
  }

  @Test
  void aTaskThatLeftPendingLosesItsVetoAtTheNextRound() {
    clearPending();
    JobKey key = newJob();
    ScheduledTask task = insert(config(key, 8, Set.of()), 1).get(0);
    assertThat(placer.place(Offers.offer("host1", 1, 4096, 4096, 31000, 31010))).isEmpty();
    assertThat(placer.lastVetoes()).containsOnlyKeys(task.taskId());
    assertThat(placer.lastVetoes().get(task.taskId())).startsWith("host1: ").contains("insufficient cpus");

    log.storage().write(s -> manager.changeState(s, task.taskId(), Optional.empty(), ScheduleStatus.KILLING, null));
    assertThat(placer.place(Offers.offer("host2", 1, 4096, 4096, 31000, 31010))).isEmpty();
    assertThat(placer.lastVetoes()).isEmpty();
  }

  @Test
  void fillsAnOfferWithTasksAndExecutorOverheadAndAssignsPorts() {
    clearPending();
    JobKey key = newJob();
    insert(config(key, 1, Set.of("http", "admin")), 3);
    Offer offer = Offers.offer("host1", 2.6, 4096, 4096, 31000, 31010);
    List<OfferPlacer.Placement> placed = placer.place(offer);
    // Each task needs 1 + 0.25 cpu: two fit into 2.6.
    assertThat(placed).hasSize(2);
    for (OfferPlacer.Placement p : placed) {
      ScheduledTask stored = log.stores().task(p.task().taskId()).orElseThrow();
      assertThat(stored.status()).isEqualTo(ScheduleStatus.ASSIGNED);
      assertThat(stored.assignedTask().agentHost()).isEqualTo("host1");
      assertThat(stored.assignedTask().assignedPorts()).containsOnlyKeys("admin", "http");
    }
    assertThat(placed.get(0).task().assignedPorts()).containsEntry("admin", 31000).containsEntry("http", 31001);
    assertThat(placed.get(1).task().assignedPorts()).containsEntry("admin", 31002).containsEntry("http", 31003);
    assertThat(log.stores().hostAttributes("host1")).isPresent();
    assertThat(placer.lastVetoes().values()).singleElement().asString().contains("insufficient cpus");

    TaskInfo info = new TaskInfoFactory(new SchedulerSettings.ExecutorSettings("/usr/bin/thermos_executor",
        List.of("http://x/thermos.pex"), "--announcer-ensemble 127.0.0.1:2181", 0.25, 128), "devcluster",
        false, List.of())
        .build(placed.get(0).task(), FrameworkID.newBuilder().setValue("fw").build(), offer.getAgentId(),
            placed.get(0).taskResources(), placed.get(0).executorResources());
    assertThat(info.getTaskId().getValue()).isEqualTo(placed.get(0).task().taskId());
    assertThat(info.hasDiscovery()).as("-populate_discovery_info is off by default").isFalse();
    assertThat(info.getExecutor().getCommand().getValue())
        .isEqualTo("/usr/bin/thermos_executor --announcer-ensemble 127.0.0.1:2181");
    assertThat(info.getExecutor().getCommand().getUris(0).getExecutable()).isTrue();
    assertThat(info.getExecutor().getExecutorId().getValue()).isEqualTo("thermos-" + placed.get(0).task().taskId());
    assertThat(info.getExecutor().getResourcesList()).extracting(Resource::getName).containsExactly("cpus", "mem");
    assertThat(info.getExecutor().getResources(0).getScalar().getValue()).isEqualTo(0.25);
    assertThat(info.getResourcesList()).extracting(Resource::getName).containsExactly("cpus", "mem", "disk", "ports");
    ExecutorTaskData data = ExecutorTaskData.fromJson(info.getData().toByteArray());
    assertThat(data.taskId()).isEqualTo(placed.get(0).task().taskId());
    assertThat(data.cluster()).isEqualTo("devcluster");
    assertThat(data.agentHost()).isEqualTo("host1");
    assertThat(data.assignedPorts()).containsEntry("http", 31001);
    assertThat(data.executorData()).isEqualTo("{}");
  }

  @Test
  void constraintsAndPortsDecide() {
    clearPending();
    JobKey key = newJob();
    insert(config(key, 0.1, Set.of(), Constraint.limit("host", 1), Constraint.value("rack", false, "r1")), 2);
    assertThat(placer.place(Offers.offer("hostA", 8, 8192, 8192, 31000, 31100, Offers.text("rack", "r2")))).isEmpty();
    assertThat(placer.lastVetoes().values()).allMatch(v -> v.contains("rack must be one of [r1]"));
    assertThat(placer.place(Offers.offer("hostB", 8, 8192, 8192, 31000, 31100, Offers.text("rack", "r1"))))
        .hasSize(1);
    assertThat(placer.place(Offers.offer("hostB", 8, 8192, 8192, 31000, 31100, Offers.text("rack", "r1")))).isEmpty();
    assertThat(placer.lastVetoes().values()).singleElement().asString().contains("limit 1 reached");
    assertThat(placer.place(Offers.offer("hostC", 8, 8192, 8192, 31000, 31100, Offers.text("rack", "r1"))))
        .hasSize(1);
    clearPending();
    insert(config(newJob(), 0.1, Set.of("a", "b", "c")), 1);
    assertThat(placer.place(Offers.offer("hostD", 8, 8192, 8192, 31000, 31001))).isEmpty();
    assertThat(placer.lastVetoes().values()).singleElement().asString().contains("ports (3 wanted, 2 free)");
  }

  @Test
  void aRoundCountsWhatItPlacedInEarlierOffersForLimits() {
    clearPending();
    JobKey key = newJob();
    insert(config(key, 0.1, Set.of(), Constraint.limit("rack", 2)), 5);
    // Two fit into the first offer of rack r7; the second host of r7 is refused: its rack holds two already
    // (placed in this round, not yet in the stores when the second offer is tried).
    List<OfferPlacer.OfferPlacements> round = placer.placeRound(List.of(
        Offers.offer("hostR1", 8, 8192, 8192, 31000, 31100, Offers.text("rack", "r7")),
        Offers.offer("hostR2", 8, 8192, 8192, 31000, 31100, Offers.text("rack", "r7")),
        Offers.offer("hostR3", 8, 8192, 8192, 31000, 31100, Offers.text("rack", "r8"))));
    assertThat(round).extracting(p -> p.offer().getHostname()).containsExactly("hostR1", "hostR2", "hostR3");
    assertThat(round).extracting(p -> p.placed().size()).containsExactly(2, 0, 2);
    // The task left over keeps the veto of the last offer it was tried on.
    assertThat(placer.lastVetoes().values())
        .containsExactly("hostR3: constraint rack limit 2 reached (2 task(s) of the job share [r8])");
    // A round of its own (a new batch) reads the store and refuses the same.
    assertThat(placer.place(Offers.offer("hostR2", 8, 8192, 8192, 31000, 31100, Offers.text("rack", "r7"))))
        .isEmpty();
    // A task that left the job's active tasks frees its place for the next round.
    ScheduledTask onR1 = log.stores().tasksOf(key).stream()
        .filter(t -> "hostR1".equals(t.assignedTask().agentHost())).findFirst().orElseThrow();
    log.storage().write(s -> manager.changeState(s, onR1.taskId(), Optional.empty(), ScheduleStatus.LOST, null));
    assertThat(placer.place(Offers.offer("hostR2", 8, 8192, 8192, 31000, 31100, Offers.text("rack", "r7"))))
        .hasSize(1);
  }

  @Test
  void aNewHostsAttributesCountInTheRoundThatFirstSawIt() {
    clearPending();
    JobKey key = newJob();
    insert(config(key, 0.1, Set.of(), Constraint.limit("zone", 1)), 3);
    // Neither host was seen before: the limit compares the first host's attributes, saved only at the round's
    // end, with the second's.
    List<OfferPlacer.OfferPlacements> round = placer.placeRound(List.of(
        Offers.offer("hostZ1-" + key.name(), 8, 8192, 8192, 31000, 31100, Offers.text("zone", "z-" + key.name())),
        Offers.offer("hostZ2-" + key.name(), 8, 8192, 8192, 31000, 31100, Offers.text("zone", "z-" + key.name()))));
    assertThat(round).extracting(p -> p.placed().size()).containsExactly(1, 0);
    assertThat(log.stores().hostAttributes("hostZ2-" + key.name())).isPresent();
  }

  @Test
  void higherPriorityGoesFirst() {
    clearPending();
    JobKey low = newJob();
    JobKey high = newJob();
    insert(config(low, 1, Set.of()), 1);
    TaskConfig h = config(high, 1, Set.of());
    insert(new TaskConfig(h.job(), h.owner(), h.resources(), h.constraints(), true, false, 10, "preemptible", 1, null,
        List.of(), h.executorConfig()), 1);
    List<OfferPlacer.Placement> placed = placer.place(Offers.offer("hostE", 1.3, 8192, 8192, 31000, 31100));
    assertThat(placed).singleElement().satisfies(p -> assertThat(p.task().task().job()).isEqualTo(high));
  }
}
