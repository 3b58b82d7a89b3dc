package io.github.auroradist.benchmarks;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.api.Tiers;
import io.github.auroradist.scheduler.preemption.Preemptor;
import io.github.auroradist.scheduler.stats.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The preemptor's slot search, after Aurora's PreemptorSlotSearchBenchmark: {@code hosts} hosts (two to a rack),
 * each fully used by a task of the preemptible tier, and {@code pendingTasks} production tasks of the preferred tier
 * that waited past the preemption delay. Their value constraint ({@code host} must be {@code denied}) rules out every
 * host, so each operation is one preemptor run that searches every host for every pending task and finds no slot
 * (and so changes nothing).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PreemptionBenchmark {
  @Param({"1", "10", "100", "1000"})
  public int pendingTasks;

  @Param({"10000"})
  public int victimHosts;

  private final SteppingClock clock = new SteppingClock();
  private final Stats stats = new Stats();
  private Preemptor preemptor;

  @Setup(Level.Trial)
  public void setUpCluster() {
    Cluster cluster = new Cluster(clock);
    cluster.saveHosts(victimHosts);
    TaskConfig victim = new TaskConfig(Cluster.job("victim", "batch"), null, PlacementBenchmarks.TASK, List.of(),
        true, false, 0, "preemptible", 1, null, List.of(), null);
    List<ScheduledTask> running = new ArrayList<>();
    for (int i = 0; i < victimHosts; i++) {
      running.add(Cluster.taskIn(victim, i, ScheduleStatus.RUNNING, i, clock.millis()));
    }
    cluster.save(running);
    TaskConfig pending = new TaskConfig(Cluster.job("www", "urgent"), null, Resources.of(1, 1024, 1024),
        List.of(Constraint.value("host", false, "denied")), true, true, 0, "preferred", 1, null, List.of(), null);
    cluster.storage.write(s -> cluster.stateManager.insertPendingTasks(s, pending,
        StateBenchmarks.instances(pendingTasks)));
    clock.advance(Duration.ofMinutes(1));
    preemptor = new Preemptor(cluster.storage, cluster.stateManager, clock, Duration.ofSeconds(1),
        Tiers.AURORA_DEFAULT, Cluster.EXECUTOR_CPUS, Cluster.EXECUTOR_MEM_MB, stats);
  }

  @TearDown(Level.Trial)
  public void closeStats() {
    stats.close();
  }

  @Benchmark
  public List<String> searchSlots() {
    List<String> preempted = preemptor.run();
    if (!preempted.isEmpty()) {
      throw new IllegalStateException("no slot should be found, yet the preemptor chose " + preempted);
    }
    return preempted;
  }
}
