package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatisStorageTest {
  private static final JobKey JOB = new JobKey("www-data", "prod", "hello");
  private static final JobKey OTHER = new JobKey("www-data", "devel", "other");

  @TempDir
  Path dir;
  LogDirectory logDir;
  RatisDurableLog.Options options;

  @BeforeEach
  void setUp() {
    logDir = new LogDirectory(dir.resolve("db"));
    options = RatisDurableLog.Options.singlePeer(logDir, new LogPeer("127.0.0.1", Ports.free()));
  }

  private RatisDurableLog open(InMemoryStores stores) throws IOException {
    return RatisDurableLog.open(options, stores, Duration.ofSeconds(30));
  }

  /** What fresh stores hold once the log is opened again: its latest snapshot plus the entries after it. */
  private StoreSnapshot reopened() throws IOException {
    InMemoryStores stores = new InMemoryStores();
    RatisDurableLog log = open(stores);  // opening replays the log into the stores
    try {
      return stores.snapshot(0);
    } finally {
      log.close();
    }
  }

  private List<String> logFileNames() throws IOException {
    try (Stream<Path> files = Files.walk(logDir.raftDir())) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private void writeSomeState(Storage storage, int round) {
    storage.write(new Op.SaveJob(TestTasks.job(JOB, 2, true)), new Op.SaveFrameworkId("fw-" + round));
    ScheduledTask a = TestTasks.pending(JOB, 0, "a-" + round);
    ScheduledTask b = TestTasks.pending(JOB, 1, "b-" + round);
    storage.write(new Op.SaveTasks(List.of(a, b)));
    storage.write(new Op.SaveTasks(List.of(a.withStatus(ScheduleStatus.ASSIGNED,
        new TaskEvent(2, ScheduleStatus.ASSIGNED, null, "test")))));
    storage.write(new Op.RemoveTasks(Set.of(b.taskId())));
    storage.write(new Op.SaveJob(TestTasks.job(OTHER, 1, false)), new Op.RemoveJob(OTHER));
    storage.write(new Op.SaveQuota("www-data", new ResourceAggregate(10, 1024, 2048)));
    storage.write(new Op.SaveHostAttributes(new HostAttributes("host" + round, "agent" + round,
        Map.of("rack", Set.of("r" + round)))));
  }

  @Test
  void uninitializedDirectoryIsRefusedNamingTheCommand() {
    assertThatThrownBy(() -> open(new InMemoryStores()))
        .isInstanceOf(UninitializedLogException.class)
        .hasMessageContaining("aurora-scheduler-log initialize --path=" + logDir.path());
    assertThat(Files.exists(logDir.raftDir())).isFalse();
  }

  @Test
  void initializeRefusesToRunTwice() throws IOException {
    logDir.initialize(UUID.randomUUID());
    assertThatThrownBy(() -> logDir.initialize(UUID.randomUUID())).hasMessageContaining("already initialized");
  }

  @Test
  void replayAfterRestartGivesTheSameState() throws IOException {
    logDir.initialize(UUID.randomUUID());
    InMemoryStores first = new InMemoryStores();
    StoreSnapshot before;
    try (RatisDurableLog log = open(first)) {
      Storage storage = new Storage(first, log, e -> { });
      writeSomeState(storage, 1);
      writeSomeState(storage, 2);
      before = first.snapshot(0);
    }
    assertThat(before.tasks()).extracting(ScheduledTask::taskId).containsExactly("a-1", "a-2");
    assertThat(before.hostAttributes()).hasSize(2);
    assertThat(logFileNames()).noneMatch(n -> n.startsWith("snapshot."));
    assertThat(reopened()).isEqualTo(before);
  }

  @Test
  void snapshotPlusLogTailGivesTheSameState() throws Exception {
    logDir.initialize(UUID.randomUUID());
    InMemoryStores first = new InMemoryStores();
    StoreSnapshot atSnapshot;
    StoreSnapshot before;
    try (RatisDurableLog log = open(first)) {
      Storage storage = new Storage(first, log, e -> { });
      writeSomeState(storage, 1);
      assertThat(log.snapshotNow()).isPositive();
      atSnapshot = first.snapshot(0);
      writeSomeState(storage, 2);
      before = first.snapshot(0);
    }
    assertThat(before).isNotEqualTo(atSnapshot);
    assertThat(logFileNames()).anyMatch(n -> n.startsWith("snapshot."));
    StringWriter info = new StringWriter();
    SchedulerLogTool.run(new PrintWriter(info, true), new PrintWriter(new StringWriter(), true),
        "info", "--path=" + logDir.path());
    assertThat(info.toString()).contains("latest snapshot: snapshot.").contains("snapshot holds: 1 jobs, 1 tasks");
    assertThat(reopened()).isEqualTo(before);
  }

  @Test
  void aFailedDurableWriteStopsInsteadOfApplying() throws IOException {
    logDir.initialize(UUID.randomUUID());
    InMemoryStores stores = new InMemoryStores();
    AtomicReference<Throwable> stopped = new AtomicReference<>();
    RatisDurableLog log = RatisDurableLog.open(new RatisDurableLog.Options(logDir, options.peers(), options.self(),
        10_000, Duration.ofMillis(500)), stores, Duration.ofSeconds(30));
    Storage storage = new Storage(stores, log, stopped::set);
    log.close();
    assertThatThrownBy(() -> storage.write(new Op.SaveFrameworkId("fw")))
        .isInstanceOf(StorageException.class).hasMessageContaining("stopping");
    assertThat(stopped.get()).isInstanceOf(DurableLogException.class);
    assertThat(stores.frameworkId()).isEmpty();
  }

  @Test
  void aTakenPeerPortIsReportedNotExited() throws Exception {
    logDir.initialize(UUID.randomUUID());
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      RatisDurableLog.Options onTaken = RatisDurableLog.Options.singlePeer(logDir,
          new LogPeer("127.0.0.1", taken.getLocalPort()));
      assertThatThrownBy(() -> RatisDurableLog.open(onTaken, new InMemoryStores(), Duration.ofSeconds(10)))
          .hasMessageContaining("log peer port " + taken.getLocalPort() + " is already in use")
          .hasMessageContaining("-native_log_port");
    }
  }
}
