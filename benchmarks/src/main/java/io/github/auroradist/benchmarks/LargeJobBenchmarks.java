package io.github.auroradist.benchmarks;

import java.io.IOException;
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
 * The status of one very large job over real HTTP: issue 17's aim of a job status of a 10,000-instance job under
 * 1 s. {@link ApiBenchmarks} spreads its tasks over 100 jobs, so its {@code jobStatus} reads 100 instances; here the
 * one job holds every task. Time per request (milliseconds), the whole JSON answer read: the full task query
 * ({@code jobStatus}) and the one without configurations that {@code aurora job status} sends.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LargeJobBenchmarks {
  @Param({"10000"})
  public int jobInstances;

  private ApiServer server;

  @Setup(Level.Trial)
  public void startServer() throws Exception {
    Cluster cluster = new Cluster();
    cluster.saveHosts(SnapshotBenchmarks.HOSTS);
    SnapshotBenchmarks.fill(cluster, jobInstances, 1, SnapshotBenchmarks.HOSTS);
    server = new ApiServer(cluster);
  }

  @TearDown(Level.Trial)
  public void stopServer() {
    server.close();
  }

  /**
   * The job's whole tasks, configurations included: what {@code aurora job status} read until it asked for the
   * tasks without them.
   */
  @Benchmark
  public byte[] jobStatus() throws IOException, InterruptedException {
    return server.get("/api/tasks?role=role-0&environment=prod&name=job-0");
  }

  /** What {@code aurora job status} reads for the job: its tasks without their configurations. */
  @Benchmark
  public byte[] jobStatusWithoutConfigs() throws IOException, InterruptedException {
    return server.get("/api/tasks?role=role-0&environment=prod&name=job-0&configs=false");
  }
}
