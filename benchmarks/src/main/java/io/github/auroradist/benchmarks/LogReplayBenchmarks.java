package io.github.auroradist.benchmarks;

import io.github.auroradist.common.model.ScheduleStatus;
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
 * A scheduler's start on a log whose tail is not covered by a snapshot: a one-peer Ratis log holding
 * {@code logEntries} transactions (each saving one task, the size of a status update's) is opened as the scheduler
 * opens it, and the operation ends once the stores hold every task, the one peer's election included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LogReplayBenchmarks {
  /** Above any tail here: no snapshot is taken, so opening replays every entry. */
  private static final long NO_SNAPSHOT = 100_000_000L;

  @Param({"1000", "5000"})
  public int logEntries;

  private Path dir;
  private LogDirectory logDir;
  private LogPeer peer;

  @Setup(Level.Trial)
  public void writeLog() throws IOException {
    dir = Files.createTempDirectory("aurora-benchmark-replay");
    logDir = new LogDirectory(dir.resolve("log"));
    logDir.initialize(UUID.randomUUID());
    peer = new LogPeer("127.0.0.1", freePort());
    InMemoryStores stores = new InMemoryStores();
    try (RatisDurableLog log = open(stores)) {
      Storage storage = new Storage(stores, log, e -> {
        throw new IllegalStateException("the benchmark's log failed", e);
      });
      long now = System.currentTimeMillis();
      for (int i = 0; i < logEntries; i++) {
        storage.write(new Op.SaveTasks(List.of(Cluster.taskIn(StateBenchmarks.CONFIG, i, ScheduleStatus.RUNNING, 0,
            now))));
      }
    }
  }

  private RatisDurableLog open(InMemoryStores stores) throws IOException {
    return RatisDurableLog.open(new RatisDurableLog.Options(logDir, List.of(peer), peer, NO_SNAPSHOT,
        Duration.ofSeconds(30)), stores, Duration.ofMinutes(5));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @TearDown(Level.Trial)
  public void removeLog() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public int replayOnStart() throws IOException {
    InMemoryStores stores = new InMemoryStores();
    RatisDurableLog log = open(stores);
    try {
      int held = stores.countIn(ScheduleStatus.RUNNING);
      if (held != logEntries) {
        throw new IllegalStateException("the stores hold " + held + " tasks after the replay, not " + logEntries);
      }
      return held;
    } finally {
      log.close();
    }
  }
}
