package io.github.auroradist.benchmarks;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
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

/**
 * Task queries on the stores themselves, without HTTP or JSON, after Aurora's TaskStoreBenchmarks: {@code storeTasks}
 * RUNNING tasks in 100 jobs of 10 roles on 1,000 hosts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TaskStoreBenchmarks {
  @Param({"10000", "50000", "100000"})
  public int storeTasks;

  private final Cluster cluster = new Cluster();

  @Setup(Level.Trial)
  public void fillStores() {
    cluster.saveHosts(SnapshotBenchmarks.HOSTS);
    SnapshotBenchmarks.fill(cluster, storeTasks, SnapshotBenchmarks.JOBS, SnapshotBenchmarks.HOSTS);
  }

  /** One job's tasks, by its key (the index the stores keep). */
  @Benchmark
  public List<ScheduledTask> tasksOfJob() {
    return cluster.stores.tasksOf(ApiBenchmarks.FIRST_JOB);
  }

  /** One role's tasks: a filter over every task. */
  @Benchmark
  public List<ScheduledTask> tasksOfRole() {
    return cluster.stores.tasks(t -> t.jobKey().role().equals(ApiBenchmarks.FIRST_JOB.role()));
  }

  /** Every PENDING task (none here), as the placer asks for on each offer: from the stores' index by status. */
  @Benchmark
  public List<ScheduledTask> pendingTasks() {
    return cluster.stores.tasksIn(ScheduleStatus.PENDING);
  }

  /** Every task. */
  @Benchmark
  public List<ScheduledTask> allTasks() {
    return cluster.stores.tasks(t -> true);
  }
}
