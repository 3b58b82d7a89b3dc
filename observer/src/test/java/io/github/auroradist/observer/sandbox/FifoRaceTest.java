package io.github.auroradist.observer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.RandomAccessFile;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile task swaps a file and a directory of its sandbox for FIFOs (made with the real mkfifo)
 * as fast as it can while the observer reads them: now and then the FIFO is in place just after
 * the observer checked the type and just before it opens the name. Such an open would wait for a
 * writer forever; here every read is answered within a bounded time and never with the FIFO.
 */
class FifoRaceTest {
  static final Duration OPEN_TIMEOUT = Duration.ofMillis(100);
  /** The longest one read may take: waiting for the open, then as long again releasing it. */
  static final Duration BOUND = OPEN_TIMEOUT.multipliedBy(2).plusSeconds(3);
  /** Reads that had to wait out the timeout: enough of them shows the race was really run. */
  static final int SLOW_READS_WANTED = 3;

  @TempDir Path run;

  @Test
  void swappingAFileOrADirectoryForAFifoNeverHoldsARead() throws Exception {
    Path sandbox = Files.createDirectories(run.resolve("sandbox"));
    Path file = Files.writeString(sandbox.resolve("data.txt"), "harmless");
    Path dir = Files.createDirectories(sandbox.resolve("d"));
    Files.writeString(dir.resolve("inner.txt"), "harmless too");
    Swapper.fifoStandIn(file);
    Swapper.fifoStandIn(dir);
    List<Duration> slow = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    int[] answered = new int[2];
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
        try (ConfinedDirectory sandboxDir = ConfinedDirectory.open(sandbox, "the task's sandbox", OPEN_TIMEOUT);
            Swapper swapper = new Swapper(List.of(file, dir))) {
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          for (int i = 0; slow.size() < SLOW_READS_WANTED && System.nanoTime() - deadline < 0; i++) {
            long began = System.nanoTime();
            try {
              String got = i % 2 == 0 ? read(sandboxDir, "data.txt") : list(sandboxDir, "d");
              answered[0]++;
              if (!got.equals(i % 2 == 0 ? "harmless" : "[inner.txt]")) {
                wrong.add(got);
              }
            } catch (SandboxException e) {
              answered[1]++;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            if (took.compareTo(OPEN_TIMEOUT) >= 0) {
              slow.add(took);
            }
          }
          assertThat(swapper.swaps()).isPositive();
        }
      });
    } finally {
      // Opens the task left waiting for good (it took the FIFO away before it was released) get
      // their writer now, so no thread of this test outlives it.
      new RandomAccessFile(Swapper.standIn(file).toFile(), "rw").close();
      new RandomAccessFile(Swapper.standIn(dir).toFile(), "rw").close();
    }
    assertThat(wrong).as("reads that served something else").isEmpty();
    assertThat(answered[0]).as("reads served from the sandbox").isPositive();
    assertThat(slow).as("reads that met a FIFO swapped in after the check (else the race never ran)")
        .hasSize(SLOW_READS_WANTED).allSatisfy(took -> assertThat(took).isLessThan(BOUND));
    await().atMost(BOUND).until(() -> BoundedOpen.stuck(sandbox.toRealPath()) == 0);
  }

  private static String read(ConfinedDirectory sandbox, String name) throws Exception {
    try (SeekableByteChannel channel = sandbox.open(sandbox.resolve(List.of(name)))) {
      return new String(FileWindow.read(channel, 0L, null).data(), StandardCharsets.UTF_8);
    }
  }

  private static String list(ConfinedDirectory sandbox, String name) throws Exception {
    return sandbox.list(sandbox.resolve(List.of(name))).stream().map(SandboxPaths.Entry::name).toList().toString();
  }
}
