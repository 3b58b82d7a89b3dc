package io.github.auroradist.benchmarks;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.state.TransitionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * Task state changes through the real state manager and storage (on {@link MemoryLog}, as Aurora's
 * StateManagerBenchmarks and StatusUpdateBenchmark ran on its in-memory store).
 */
public final class StateBenchmarks {
  private StateBenchmarks() {
  }

  static final TaskConfig CONFIG = Cluster.task(Cluster.job("www", "state"), PlacementBenchmarks.TASK);

  static Set<Integer> instances(int count) {
    return IntStream.range(0, count).boxed().collect(Collectors.toUnmodifiableSet());
  }

  /** Inserts {@code tasks} PENDING tasks of one job in one write (as creating a job does). */
  @State(Scope.Thread)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public static class InsertPendingTasks {
    @Param({"1000", "10000", "50000"})
    public int tasks;

    private final Cluster cluster = new Cluster();
    private Set<Integer> instances;

    @Setup(Level.Trial)
    public void instanceIds() {
      instances = instances(tasks);
    }

    @Setup(Level.Invocation)
    public void empty() {
      cluster.removeAllTasks();
    }

    @Benchmark
    public List<ScheduledTask> insertPendingTasks() {
      return cluster.storage.write(s -> cluster.stateManager.insertPendingTasks(s, CONFIG, instances));
    }
  }

  /** Deletes {@code tasks} tasks in one write (as pruning history does). */
  @State(Scope.Thread)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public static class DeleteTasks {
    @Param({"1000", "10000", "50000"})
    public int tasks;

    private final Cluster cluster = new Cluster();
    private Set<String> ids;

    @Setup(Level.Invocation)
    public void insert() {
      List<ScheduledTask> inserted = cluster.storage.write(s -> cluster.stateManager.insertPendingTasks(s, CONFIG,
          instances(tasks)));
      ids = inserted.stream().map(ScheduledTask::taskId).collect(Collectors.toUnmodifiableSet());
    }

    @Benchmark
    public int deleteTasks() {
      cluster.storage.write(s -> {
        cluster.stateManager.deleteTasks(s, ids);
        return null;
      });
      return ids.size();
    }
  }

  /**
   * {@code updates} status updates STARTING to RUNNING, each its own write, as the Mesos framework handles a
   * status update.
   */
  @State(Scope.Thread)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public static class StatusUpdates {
    @Param({"1000"})
    public int updates;

    private final Cluster cluster = new Cluster();
    private List<ScheduledTask> starting;

    @Setup(Level.Trial)
    public void placeTasks() {
      cluster.saveHosts(updates);
      long now = System.currentTimeMillis();
      starting = new ArrayList<>();
      for (int i = 0; i < updates; i++) {
        starting.add(Cluster.taskIn(CONFIG, i, ScheduleStatus.STARTING, i, now));
      }
    }

    @Setup(Level.Invocation)
    public void tasksStarting() {
      cluster.save(starting);
    }

    @Benchmark
    public int runningUpdates() {
      int applied = 0;
      for (ScheduledTask task : starting) {
        TransitionResult result = cluster.storage.write(s -> cluster.stateManager.changeState(s, task.taskId(),
            Optional.empty(), ScheduleStatus.RUNNING, null));
        applied += result.allowed() ? 1 : 0;
      }
      if (applied != updates) {
        throw new IllegalStateException("only " + applied + " of " + updates + " updates were applied");
      }
      return applied;
    }
  }
}
