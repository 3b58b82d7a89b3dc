package io.github.auroradist.benchmarks;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.offers.OfferPlacer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.mesos.v1.Protos.Offer;
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
 * Placement, after Aurora's SchedulingBenchmarks: the real {@link OfferPlacer} matching pending tasks against
 * offers of a simulated cluster (hosts two to a rack). The scheduler places into one offer at a time, so one
 * operation offers hosts in turn until its tasks are placed, or (for the vetoes) offers every host once in one
 * placement round, as a batch of offers from Mesos is placed.
 */
public final class PlacementBenchmarks {
  private PlacementBenchmarks() {
  }

  /** A task that takes a whole host: 1 CPU, 1 GiB RAM, 1 GiB disk plus the executor's share. */
  static final Resources TASK = Resources.of(1, 1024, 1024);

  static Offer wholeHostOffer(int i) {
    return Cluster.offer(i, TASK.cpu() + Cluster.EXECUTOR_CPUS, (double) TASK.ramMb() + Cluster.EXECUTOR_MEM_MB,
        (double) TASK.diskMb());
  }

  /** Fills the cluster, 10 tasks per operation: each task takes one host's offer. */
  @State(Scope.Thread)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public static class FillCluster {
    static final int TASKS_PER_OPERATION = 10;

    @Param({"200000"})
    public int hosts;

    private Cluster cluster;
    private OfferPlacer placer;
    private List<Offer> offers;
    private int nextHost;
    private int batch;

    @Setup(Level.Trial)
    public void setUpCluster() {
      cluster = new Cluster();
      cluster.saveHosts(hosts);
      placer = new OfferPlacer(cluster.storage, cluster.stateManager, Cluster.EXECUTOR_CPUS,
          Cluster.EXECUTOR_MEM_MB);
      offers = IntStream.range(0, hosts).mapToObj(PlacementBenchmarks::wholeHostOffer).toList();
    }

    @Setup(Level.Iteration)
    public void emptyCluster() {
      cluster.removeAllTasks();
      nextHost = 0;
    }

    /** Ten new pending tasks (one job); an emptied cluster when fewer than ten hosts are left. */
    @Setup(Level.Invocation)
    public void pendingTasks() {
      if (nextHost + TASKS_PER_OPERATION > hosts) {
        emptyCluster();
      }
      TaskConfig config = Cluster.task(Cluster.job("fill", "job-" + batch++), TASK);
      cluster.storage.write(s -> cluster.stateManager.insertPendingTasks(s, config,
          Set.copyOf(IntStream.range(0, TASKS_PER_OPERATION).boxed().toList())));
    }

    @Benchmark
    public int fillCluster() {
      int placed = 0;
      while (placed < TASKS_PER_OPERATION) {
        placed += placer.place(offers.get(nextHost++)).size();
      }
      return placed;
    }
  }

  /**
   * One pending task offered every host once, each offer refused: the cost of a veto. The subclasses say why it
   * is refused.
   */
  @State(Scope.Thread)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public abstract static class VetoBase {
    Cluster cluster;
    private OfferPlacer placer;
    private List<Offer> offers;

    @Setup(Level.Trial)
    public void setUpCluster() {
      int hosts = hosts();
      cluster = new Cluster();
      cluster.saveHosts(hosts);
      placer = new OfferPlacer(cluster.storage, cluster.stateManager, Cluster.EXECUTOR_CPUS,
          Cluster.EXECUTOR_MEM_MB);
      offers = IntStream.range(0, hosts).mapToObj(this::offer).toList();
      occupy();
      TaskConfig config = pendingTask();
      cluster.storage.write(s -> cluster.stateManager.insertPendingTasks(s, config, Set.of(hosts)));
    }

    /** How many hosts the cluster has (each subclass's {@code hosts} parameter). */
    abstract int hosts();

    /** The task that is refused everywhere. */
    abstract TaskConfig pendingTask();

    /** What host {@code i} offers. */
    Offer offer(int i) {
      return wholeHostOffer(i);
    }

    /** Tasks already running before the benchmark. */
    void occupy() {
    }

    @Benchmark
    public int offerEveryHost() {
      int placed = 0;
      // Every host's offer in one batch, as the scheduler places a batch of offers from Mesos: one round.
      for (OfferPlacer.OfferPlacements p : placer.placeRound(offers)) {
        placed += p.placed().size();
      }
      if (placed != 0) {
        throw new IllegalStateException("a task meant to be refused was placed");
      }
      return placed;
    }
  }

  /** A veto on Aurora's 1,000 hosts. */
  public abstract static class OnThousandHosts extends VetoBase {
    @Param({"1000"})
    public int hosts;

    @Override
    int hosts() {
      return hosts;
    }
  }

  /** The task asks for more CPU than any host has. */
  public static class InsufficientResources extends OnThousandHosts {
    @Override
    TaskConfig pendingTask() {
      return Cluster.task(Cluster.job("veto", "too-big"), Resources.of(32, 1024, 1024));
    }
  }

  /** A value constraint no host meets ({@code host} must be {@code denied}). */
  public static class ValueConstraintMismatch extends OnThousandHosts {
    @Override
    TaskConfig pendingTask() {
      return Cluster.task(Cluster.job("veto", "value"), TASK, List.of(Constraint.value("host", false, "denied")), 0);
    }
  }

  /**
   * A limit constraint no host meets: {@code host} limit 1, and the job already runs an instance on every host
   * (Aurora's benchmark asked for limit 0, which this scheduler refuses as invalid).
   */
  public static class LimitConstraintMismatch extends OnThousandHosts {
    static final TaskConfig CONFIG = Cluster.task(Cluster.job("veto", "limit"), TASK,
        List.of(Constraint.limit("host", 1)), 0);

    @Override
    void occupy() {
      long now = System.currentTimeMillis();
      List<ScheduledTask> running = new ArrayList<>();
      for (int i = 0; i < hosts; i++) {
        running.add(Cluster.taskIn(CONFIG, i, ScheduleStatus.RUNNING, i, now));
      }
      cluster.save(running);
    }

    @Override
    TaskConfig pendingTask() {
      return CONFIG;
    }
  }

  /**
   * Every host runs a task and offers only what is left, less than the pending task needs (Aurora's pending task
   * here also had a limit constraint; this one is refused for its resources alone).
   */
  public static class ClusterFullyUsed extends VetoBase {
    /** Aurora's 10,000 hosts. */
    @Param({"10000"})
    public int hosts;

    @Override
    int hosts() {
      return hosts;
    }

    @Override
    Offer offer(int i) {
      return Cluster.offer(i, 0.1, 64, 64);
    }

    @Override
    void occupy() {
      TaskConfig running = Cluster.task(Cluster.job("full", "running"), TASK);
      long now = System.currentTimeMillis();
      List<ScheduledTask> tasks = new ArrayList<>();
      for (int i = 0; i < hosts; i++) {
        tasks.add(Cluster.taskIn(running, i, ScheduleStatus.RUNNING, i, now));
      }
      cluster.save(tasks);
    }

    @Override
    TaskConfig pendingTask() {
      return Cluster.task(Cluster.job("full", "pending"), TASK);
    }
  }
}
