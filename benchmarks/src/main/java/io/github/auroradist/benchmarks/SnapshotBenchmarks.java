package io.github.auroradist.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.StoreSnapshot;
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

/**
 * Snapshots of the stores and their restore, as the log's state machine writes and loads them (the stores as JSON;
 * writing the file and its MD5 is left out): {@code snapshotTasks} RUNNING tasks in 100 jobs on 1,000 hosts. After
 * Aurora's SnapshotBenchmarks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SnapshotBenchmarks {
  static final int JOBS = 100;
  static final int HOSTS = 1000;

  @Param({"10000", "100000"})
  public int snapshotTasks;

  private final Cluster cluster = new Cluster();
  private byte[] snapshot;

  @Setup(Level.Trial)
  public void fillStores() throws JsonProcessingException {
    cluster.saveHosts(HOSTS);
    fill(cluster, snapshotTasks, JOBS, HOSTS);
    snapshot = takeSnapshot();
  }

  /** Stores {@code jobs} jobs of {@code tasks / jobs} RUNNING instances each, spread over {@code hosts} hosts. */
  static void fill(Cluster cluster, int tasks, int jobs, int hosts) {
    long now = System.currentTimeMillis();
    int perJob = tasks / jobs;
    int placed = 0;
    for (int j = 0; j < jobs; j++) {
      JobKey key = Cluster.job("role-" + j % 10, "job-" + j);
      TaskConfig config = Cluster.task(key, PlacementBenchmarks.TASK);
      List<ScheduledTask> jobTasks = new ArrayList<>();
      for (int i = 0; i < perJob; i++) {
        jobTasks.add(Cluster.taskIn(config, i, ScheduleStatus.RUNNING, placed++ % hosts, now));
      }
      cluster.storage.write(new Op.SaveJob(new JobConfiguration(key, config.owner(), null, null, perJob, config)),
          new Op.SaveTasks(jobTasks));
    }
  }

  @Benchmark
  public byte[] takeSnapshot() throws JsonProcessingException {
    return ModelJson.mapper().writeValueAsBytes(cluster.stores.snapshot(System.currentTimeMillis()));
  }

  @Benchmark
  public InMemoryStores restoreSnapshot() {
    InMemoryStores restored = new InMemoryStores();
    restored.restore(ModelJson.read(snapshot, StoreSnapshot.class));
    return restored;
  }
}
