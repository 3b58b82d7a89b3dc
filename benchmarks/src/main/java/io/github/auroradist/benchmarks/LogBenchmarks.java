package io.github.auroradist.benchmarks;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.LogDirectory;
import io.github.auroradist.scheduler.storage.LogPeer;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.RatisDurableLog;
import io.github.auroradist.scheduler.storage.Storage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * A transaction committed through the real Ratis log (gzipped JSON, written and synced by every peer's Ratis
 * server on loopback, applied to the stores) with one peer, or three in this one JVM. Each transaction saves one
 * task, the size of a status update's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogBenchmarks {
  @Param({"1", "3"})
  public int peers;

  private Path dir;
  private final List<RatisDurableLog> logs = new ArrayList<>();
  private Storage storage;
  private ScheduledTask task;

  @Setup(Level.Trial)
  public void openLog() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("aurora-benchmark-log");
    UUID clusterId = UUID.randomUUID();
    List<LogPeer> addresses = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      addresses.add(new LogPeer("127.0.0.1", freePort()));
    }
    List<InMemoryStores> stores = new ArrayList<>();
    for (LogPeer peer : addresses) {
      LogDirectory logDir = new LogDirectory(dir.resolve("peer-" + peer.port()));
      logDir.initialize(clusterId);
      InMemoryStores peerStores = new InMemoryStores();
      stores.add(peerStores);
      // As the scheduler opens it: without waiting for a quorum, which forms once every peer is up.
      logs.add(RatisDurableLog.open(new RatisDurableLog.Options(logDir, addresses, peer, 10_000,
          Duration.ofSeconds(10)), peerStores, Duration.ZERO));
    }
    logs.get(0).awaitCaughtUp(Duration.ofSeconds(60));
    int leader = awaitLeader(Duration.ofSeconds(60));
    storage = new Storage(stores.get(leader), logs.get(leader), e -> {
      throw new IllegalStateException("the benchmark's log failed", e);
    });
    task = Cluster.taskIn(StateBenchmarks.CONFIG, 0, ScheduleStatus.RUNNING, 0, System.currentTimeMillis());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private int awaitLeader(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (int i = 0; i < logs.size(); i++) {
        if (logs.get(i).isLeader()) {
          return i;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no peer of the benchmark's log became leader within " + timeout);
  }

  @TearDown(Level.Trial)
  public void closeLog() throws IOException {
    logs.forEach(RatisDurableLog::close);
    logs.clear();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public ScheduledTask commitTransaction() {
    storage.write(new Op.SaveTasks(List.of(task)));
    return task;
  }
}
