package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.auroradist.scheduler.testing.LogDisk;
import io.github.auroradist.emulator.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.storage.RaftStorageMetadata;
import org.apache.ratis.server.storage.RaftStorageMetadataFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ratis' term file, emptied when Ratis persists a new term on a full disk, is written back while the scheduler
 * runs, and rebuilt from the guard's copy before a start; without a copy the start is refused with the way out.
 * Found by the fault loop: a coordinator whose disk had been full could not start again.
 */
class RaftMetaGuardTest {
  @TempDir
  Path dir;

  private RatisDurableLog.Options options(Path db) throws IOException {
    LogDirectory logDir = new LogDirectory(db);
    if (!Files.exists(db)) {
      logDir.initialize(UUID.randomUUID());
    }
    return RatisDurableLog.Options.singlePeer(logDir, new LogPeer("127.0.0.1", Ports.free()));
  }

  private static RatisDurableLog openAndWrite(RatisDurableLog.Options options, String frameworkId) throws IOException {
    InMemoryStores stores = new InMemoryStores();
    RatisDurableLog log = RatisDurableLog.open(options, stores, Duration.ofSeconds(30));
    new Storage(stores, log, e -> { }).write(new Op.SaveFrameworkId(frameworkId));
    return log;
  }

  private static String reopenedFrameworkId(RatisDurableLog.Options options) throws IOException {
    InMemoryStores stores = new InMemoryStores();
    RatisDurableLog.open(options, stores, Duration.ofSeconds(30)).close();
    return stores.frameworkId().orElse(null);
  }

  private static Path termFile(LogDirectory directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory.raftDir())) {
      return files.filter(p -> p.getFileName().toString().equals(RaftMetaGuard.FILE)).findFirst().orElseThrow();
    }
  }

  private static long term(Path termFile) throws IOException {
    return RaftMetaGuard.read(termFile).orElseThrow().getTerm();
  }

  @Test
  void aTermFileEmptiedOnAFullDiskIsWrittenBackWhileRunning() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "this test mounts a tmpfs as the log disk and needs root; skipped");
    Path mountPoint = dir.resolve("disk");
    try (LogDisk disk = LogDisk.mount(mountPoint, 32).orElseThrow()) {
      RatisDurableLog.Options options = options(mountPoint.resolve("db"));
      Path termFile;
      long term;
      try (RatisDurableLog log = openAndWrite(options, "fw-1")) {
        termFile = termFile(options.directory());
        term = term(termFile);
        RaftStorageMetadataFile ratisFile = log.division().getRaftStorage().getMetadataFile();
        disk.fill();

        // What Ratis does at an election on a full disk: the persist fails, and the file it renamed is empty.
        assertThatThrownBy(() -> ratisFile.persist(RaftStorageMetadata.valueOf(term + 1, RaftPeerId.valueOf("x"))))
            .hasMessageContaining("No space left on device");
        assertThat(Files.size(termFile)).isZero();

        // The page the old file held is free again, so the guard may already succeed before the filler goes.
        log.lookAfterTheDisk();
        disk.free();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          log.lookAfterTheDisk();
          assertThat(RaftMetaGuard.read(termFile)).contains(ratisFile.getMetadata());
        });
        assertThat(term(termFile)).isEqualTo(term);
      }
      assertThat(reopenedFrameworkId(options)).isEqualTo("fw-1");
    }
  }

  @Test
  void aStoppedSchedulersEmptyTermFileIsRebuiltFromTheCopyPastAnyTermItCouldHaveVotedIn() throws IOException {
    RatisDurableLog.Options options = options(dir.resolve("db"));
    long term;
    try (RatisDurableLog log = openAndWrite(options, "fw-2")) {
      log.lookAfterTheDisk();
      term = term(termFile(options.directory()));
    }
    Files.write(termFile(options.directory()), new byte[0]);

    assertThat(reopenedFrameworkId(options)).isEqualTo("fw-2");
    // The rebuilt term is past the copy's; starting again elects this lone peer in a newer term still.
    assertThat(term(termFile(options.directory()))).isGreaterThan(term + RaftMetaGuard.TERM_MARGIN);
  }

  @Test
  void withoutACopyAnEmptyTermFileIsRefusedWithTheWayOut() throws IOException {
    RatisDurableLog.Options options = options(dir.resolve("db"));
    openAndWrite(options, "fw-3").close();
    Path termFile = termFile(options.directory());
    Files.write(termFile, new byte[0]);

    assertThatThrownBy(() -> reopenedFrameworkId(options)).isInstanceOf(DamagedLogException.class)
        .hasMessageContaining(termFile.toString()).hasMessageContaining("rebuild this one from them")
        .hasMessageContaining("docs/operations.md");
    assertThat(Files.size(termFile)).as("nothing was changed").isZero();
  }
}
