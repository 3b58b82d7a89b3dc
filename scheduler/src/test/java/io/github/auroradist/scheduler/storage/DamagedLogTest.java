package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.auroradist.scheduler.SchedulerMain;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged log is named, file and place, by {@code aurora-scheduler-log info} and refused by the scheduler with
 * the way out; a torn last entry, what a crash while writing leaves, is a normal recovery.
 */
class DamagedLogTest {
  private static final Pattern INDICES = Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-(\\d+))?");
  @TempDir
  Path dir;
  LogDirectory logDir;
  RatisDurableLog.Options options;

  /** A log of three runs of five writes each: two closed segments and an open one. */
  @BeforeEach
  void writeThreeRuns() throws IOException {
    logDir = new LogDirectory(dir.resolve("db"));
    logDir.initialize(UUID.randomUUID());
    options = RatisDurableLog.Options.singlePeer(logDir, new LogPeer("127.0.0.1", Ports.free()));
    for (int run = 0; run < 3; run++) {
      InMemoryStores stores = new InMemoryStores();
      try (RatisDurableLog log = RatisDurableLog.open(options, stores, Duration.ofSeconds(30))) {
        Storage storage = new Storage(stores, log, e -> { });
        for (int i = 0; i < 5; i++) {
          storage.write(new Op.SaveFrameworkId("fw-" + run + "-" + i));
        }
      }
    }
    assertThat(segments()).hasSize(3);
  }

  /** The segment files, oldest first. */
  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.walk(logDir.raftDir())) {
      return files.filter(p -> p.getFileName().toString().startsWith("log_"))
          .sorted((a, b) -> Long.compare(firstIndex(a), firstIndex(b))).toList();
    }
  }

  private static long firstIndex(Path segment) {
    Matcher m = INDICES.matcher(segment.getFileName().toString());
    assertThat(m.matches()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private SchedulerLogToolTest.Result info() {
    return SchedulerLogToolTest.run("info", "--path=" + logDir.path());
  }

  private String reopenedFrameworkId() throws IOException {
    InMemoryStores stores = new InMemoryStores();
    RatisDurableLog log = RatisDurableLog.open(options, stores, Duration.ofSeconds(30));
    log.close();
    return stores.frameworkId().orElse(null);
  }

  @Test
  void aSoundLogIsCalledSound() throws IOException {
    SchedulerLogToolTest.Result info = info();
    assertThat(info.code()).as(info.out() + info.err()).isZero();
    assertThat(info.out()).contains("checksums: ok").doesNotContain("torn");
    assertThat(reopenedFrameworkId()).isEqualTo("fw-2-4");
  }

  @Test
  void aFlippedByteInAClosedSegmentIsNamedAndRefused() throws IOException {
    Path middle = segments().get(1);
    long offset = Files.size(middle) / 2;
    try (RandomAccessFile file = new RandomAccessFile(middle.toFile(), "rw")) {
      file.seek(offset);
      int b = file.read();
      file.seek(offset);
      file.write(b ^ 0x10);
    }
    SchedulerLogToolTest.Result info = info();
    assertThat(info.code()).isEqualTo(1);
    assertThat(info.out()).contains("checksums: DAMAGED").contains("damaged: " + middle + " at byte ")
        .contains("fails its checksum");
    assertThatThrownBy(this::reopenedFrameworkId).isInstanceOf(DamagedLogException.class)
        .hasMessageContaining(middle + " at byte ").hasMessageContaining("fails its checksum")
        .hasMessageContaining("One coordinator lost its log or its disk").hasMessageContaining("restore");
  }

  @Test
  void aMissingSegmentIsAGap() throws IOException {
    Path middle = segments().get(1);
    Matcher range = INDICES.matcher(middle.getFileName().toString());
    assertThat(range.matches()).isTrue();
    Files.delete(middle);
    SchedulerLogToolTest.Result info = info();
    assertThat(info.code()).isEqualTo(1);
    assertThat(info.out()).contains("entries " + range.group(1) + " to " + range.group(2) + " are missing");
    assertThatThrownBy(this::reopenedFrameworkId).isInstanceOf(DamagedLogException.class)
        .hasMessageContaining("entries " + range.group(1) + " to " + range.group(2) + " are missing");
  }

  @Test
  void aTornLastEntryIsANormalRecovery() throws IOException {
    Path open = segments().get(2);
    assertThat(open.getFileName().toString()).startsWith("log_inprogress_");
    try (RandomAccessFile file = new RandomAccessFile(open.toFile(), "rw")) {
      file.setLength(file.length() - 3);
    }
    SchedulerLogToolTest.Result info = info();
    assertThat(info.code()).as(info.out() + info.err()).isZero();
    assertThat(info.out()).contains("checksums: ok").contains("torn last entry").contains(open.toString());
    // Ratis drops the torn entry (the last of the last run, which may be one of its own) and starts.
    assertThat(reopenedFrameworkId()).startsWith("fw-2-");
  }

  @Test
  void aNewOpenSegmentWithoutItsHeaderIsANormalRecovery() throws IOException {
    // As a full disk or a crash leaves it: the open segment was closed and the next one created (preallocated
    // with zeros) before Ratis could write its header. The fault loop met this; it is not damage.
    Path open = segments().get(2);
    long first = firstIndex(open);
    long last = LogCheck.check(logDir).lastIndex();
    Files.move(open, open.resolveSibling("log_" + first + "-" + last));
    Path next = open.resolveSibling("log_inprogress_" + (last + 1));
    Files.write(next, new byte[4096]);
    SchedulerLogToolTest.Result info = info();
    assertThat(info.code()).as(info.out() + info.err()).isZero();
    assertThat(info.out()).contains("checksums: ok");
    Files.write(next, new byte[] {'R', 'a', 'f', 't', 0, 0, 0, 0, 0, 0});
    assertThat(LogCheck.check(logDir).sound()).isTrue();
    assertThat(reopenedFrameworkId()).isEqualTo("fw-2-4");
  }

  @Test
  void theSchedulerProcessExitsWithExConfigAndTheWayOut() throws Exception {
    Path first = segments().get(0);
    try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
      file.seek(12);
      int b = file.read();
      file.seek(12);
      file.write(b ^ 0x01);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path stderr = dir.resolve("stderr");
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        SchedulerMain.class.getName(), "-cluster_name=test", "-mesos_master_address=" + SchedulerFixture.NO_MESOS,
        "-native_log_file_path=" + logDir.path(), "-thermos_executor_path=/bin/true", "-http_port=0",
        "-native_log_port=" + Ports.free()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("EX_CONFIG, which the systemd unit does not restart").isEqualTo(78);
    assertThat(Files.readString(stderr, StandardCharsets.UTF_8)).contains("is damaged").contains(first.toString())
        .contains("docs/operations.md");
  }
}
