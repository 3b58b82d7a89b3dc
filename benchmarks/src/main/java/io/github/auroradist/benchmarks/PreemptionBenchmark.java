package io.github.auroradist.benchmarks;

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
import java.util.Set;
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
 * The preemptor's slot search, after Aurora's PreemptorSlotSearchBenchmark: a pending task that waited past the
 * preemption delay, and {@code victims} running lower-priority tasks of its role, one per host. Only the last host's
 * victim holds enough to make room, so every operation looks at every victim, then preempts that one (put back
 * RUNNING before the next operation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PreemptionBenchmark {
  @Param({"1", "10", "100", "1000"})
  public int victims;

  private final SteppingClock clock = new SteppingClock();
  private final Stats stats = new Stats();
  private Cluster cluster;
  private Preemptor preemptor;
  private ScheduledTask bigVictim;

  @Setup(Level.Trial)
  public void setUpCluster() {
    cluster = new Cluster(clock);
    cluster.saveHosts(victims);
    TaskConfig small = Cluster.task(Cluster.job("www", "batch"), Resources.of(0.1, 64, 64), List.of(), 0);
    TaskConfig big = Cluster.task(Cluster.job("www", "batch"), PlacementBenchmarks.TASK, List.of(), 0);
    List<ScheduledTask> running = new ArrayList<>();
    for (int i = 0; i < victims; i++) {
      boolean last = i == victims - 1;
      running.add(Cluster.taskIn(last ? big : small, i, ScheduleStatus.RUNNING, i, clock.millis()));
    }
    bigVictim = running.get(victims - 1);
    cluster.save(running);
    TaskConfig urgent = Cluster.task(Cluster.job("www", "urgent"), PlacementBenchmarks.TASK, List.of(), 10);
    cluster.storage.write(s -> cluster.stateManager.insertPendingTasks(s, urgent, Set.of(0)));
    preemptor = new Preemptor(cluster.storage, cluster.stateManager, clock, Duration.ofSeconds(1),
        Tiers.AURORA_DEFAULT, Cluster.EXECUTOR_CPUS, Cluster.EXECUTOR_MEM_MB, stats);
  }

  /** The victim runs again, and the preemptor's memory of having made room has expired. */
  @Setup(Level.Invocation)
  public void victimRunsAgain() {
    cluster.save(List.of(bigVictim));
    clock.advance(Duration.ofSeconds(2));
  }

  @TearDown(Level.Trial)
  public void closeStats() {
    stats.close();
  }

  @Benchmark
  public List<String> findSlot() {
    List<String> preempted = preemptor.run();
    if (preempted.size() != 1) {
      throw new IllegalStateException("expected one victim, the preemptor chose " + preempted);
    }
    return preempted;
  }
}
