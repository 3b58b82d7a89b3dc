package io.github.auroradist.benchmarks;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.update.InstanceTaskConfig;
import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdate;
import io.github.auroradist.common.model.update.JobUpdateAction;
import io.github.auroradist.common.model.update.JobUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateInstructions;
import io.github.auroradist.common.model.update.JobUpdateKey;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateState;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import io.github.auroradist.scheduler.storage.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JSON API's reads over real HTTP (the scheduler's Jetty server and routes, the JDK's HTTP client on loopback),
 * the counterpart of Aurora's ThriftApiBenchmarks: {@code apiTasks} RUNNING tasks in 100 jobs of 10 roles, and one
 * finished update of the first job with {@code instanceEvents} instance events. Each operation is one request whose
 * whole JSON answer is read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ApiBenchmarks {
  static final JobKey FIRST_JOB = Cluster.job("role-0", "job-0");

  @Param({"10000"})
  public int apiTasks;

  @Param({"1000"})
  public int instanceEvents;

  private ApiServer server;
  private String updateId;

  @Setup(Level.Trial)
  public void startServer() throws Exception {
    Cluster cluster = new Cluster();
    cluster.saveHosts(SnapshotBenchmarks.HOSTS);
    SnapshotBenchmarks.fill(cluster, apiTasks, SnapshotBenchmarks.JOBS, SnapshotBenchmarks.HOSTS);
    updateId = saveUpdate(cluster);
    server = new ApiServer(cluster);
  }

  /** A rolled-forward update of the first job with {@code instanceEvents} instance events. */
  private String saveUpdate(Cluster cluster) {
    TaskConfig config = cluster.stores.job(FIRST_JOB).orElseThrow().taskConfig();
    long now = System.currentTimeMillis();
    JobUpdateKey key = new JobUpdateKey(FIRST_JOB, UUID.randomUUID().toString());
    int instances = apiTasks / SnapshotBenchmarks.JOBS;
    InstanceRanges all = InstanceRanges.of(IntStream.range(0, instances).boxed().toList());
    JobUpdate update = new JobUpdate(
        new JobUpdateSummary(key, "benchmark", new JobUpdateState(JobUpdateStatus.ROLLED_FORWARD, now, now), null),
        new JobUpdateInstructions(List.of(new InstanceTaskConfig(config, all)), new InstanceTaskConfig(config, all),
            new JobUpdateSettings(50, 0, 0, 30_000, true, null, false, null, false, null)));
    List<Op> ops = new ArrayList<>();
    ops.add(new Op.SaveJobUpdate(update));
    ops.add(new Op.SaveJobUpdateEvent(key, new JobUpdateEvent(JobUpdateStatus.ROLLING_FORWARD, now, "benchmark",
        null)));
    for (int i = 0; i < instanceEvents; i++) {
      ops.add(new Op.SaveJobInstanceUpdateEvent(key, new JobInstanceUpdateEvent(i % instances, now + i,
          i % 2 == 0 ? JobUpdateAction.INSTANCE_UPDATING : JobUpdateAction.INSTANCE_UPDATED)));
    }
    ops.add(new Op.SaveJobUpdateEvent(key, new JobUpdateEvent(JobUpdateStatus.ROLLED_FORWARD, now + instanceEvents,
        "benchmark", null)));
    cluster.storage.write(ops.toArray(Op[]::new));
    return key.id();
  }

  @TearDown(Level.Trial)
  public void stopServer() {
    server.close();
  }

  private byte[] get(String pathAndQuery) throws IOException, InterruptedException {
    return server.get(pathAndQuery);
  }

  /** {@code aurora job status}: the tasks of one job. */
  @Benchmark
  public byte[] jobStatus() throws IOException, InterruptedException {
    return get("/api/tasks?role=role-0&environment=prod&name=job-0");
  }

  /** Every task of every job. */
  @Benchmark
  public byte[] allTasks() throws IOException, InterruptedException {
    return get("/api/tasks");
  }

  /** The tasks of one role, in any state. */
  @Benchmark
  public byte[] roleTasks() throws IOException, InterruptedException {
    return get("/api/tasks?role=role-0");
  }

  /** Aurora's getRoleSummary. */
  @Benchmark
  public byte[] roleSummary() throws IOException, InterruptedException {
    return get("/api/roles");
  }

  /** Aurora's getJobSummary of one role. */
  @Benchmark
  public byte[] jobSummary() throws IOException, InterruptedException {
    return get("/api/roles/role-0/jobs");
  }

  /** Aurora's getJobUpdateDetails of an update with {@code instanceEvents} instance events. */
  @Benchmark
  public byte[] updateDetails() throws IOException, InterruptedException {
    return get("/api/updates/role-0/prod/job-0/" + updateId);
  }
}
