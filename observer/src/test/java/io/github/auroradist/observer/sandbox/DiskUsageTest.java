package io.github.auroradist.observer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.auroradist.observer.FakeWorkDir;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageTest {
  /** Bytes of the file outside the sandbox: counting it even once is a leak. */
  static final long OUTSIDE_BYTES = 1L << 40;

  @TempDir Path run;

  private static DiskUsage usage(Path sandbox, int maxEntries) {
    try (ConfinedDirectory dir = ConfinedDirectory.open(sandbox, "the task's sandbox")) {
      return dir.diskUsage(maxEntries);
    }
  }

  @Test
  void addsUpRegularFilesAndFollowsNoLinkAndOpensNoFifo() throws Exception {
    Path sandbox = Files.createDirectories(run.resolve("sandbox/a/b"));
    Files.write(sandbox.resolve("f"), new byte[1000]);
    Files.write(run.resolve("sandbox/g"), new byte[24]);
    Files.createSymbolicLink(run.resolve("sandbox/etc"), Path.of("/etc"));
    Files.createSymbolicLink(run.resolve("sandbox/again"), Path.of("a"));
    FakeWorkDir.mkfifo(run.resolve("sandbox/a/pipe"));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThat(usage(run.resolve("sandbox"), 100)).isEqualTo(new DiskUsage(1024, false)));
  }

  @Test
  void stopsAfterSoManyEntriesOrSoDeep() throws Exception {
    Path wide = Files.createDirectories(run.resolve("wide"));
    for (int i = 0; i < 10; i++) {
      Files.write(wide.resolve("f" + i), new byte[10]);
    }
    assertThat(usage(wide, 10)).isEqualTo(new DiskUsage(100, false));
    DiskUsage cut = usage(wide, 4);
    assertThat(cut.partial()).isTrue();
    assertThat(cut.bytes()).isEqualTo(40);

    Path deep = run.resolve("deep");
    Path bottom = deep;
    for (int i = 0; i <= DiskUsage.MAX_DEPTH + 1; i++) {
      bottom = bottom.resolve("d");
    }
    Files.createDirectories(bottom);
    Files.write(deep.resolve("top-file"), new byte[7]);
    Files.write(bottom.resolve("bottom-file"), new byte[5]);
    assertThat(usage(deep, 1000)).isEqualTo(new DiskUsage(7, true));
  }

  /** A task swaps a directory for a link to a huge file's directory outside while its sandbox is counted. */
  @Test
  void swappingADirectoryForALinkNeverCountsWhatLiesOutside() throws Exception {
    Path outside = Files.createDirectories(run.resolve("outside"));
    try (RandomAccessFile huge = new RandomAccessFile(outside.resolve("huge").toFile(), "rw")) {
      huge.setLength(OUTSIDE_BYTES); // sparse: its size, not its blocks
    }
    Path sandbox = Files.createDirectories(run.resolve("sandbox"));
    Path dir = Files.createDirectories(sandbox.resolve("d"));
    Files.write(dir.resolve("inside"), new byte[100]);
    Swapper.linkStandIn(dir, outside);
    List<DiskUsage> counted = new ArrayList<>();
    long swaps;
    try (Swapper swapper = new Swapper(List.of(dir))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() - deadline < 0) {
        counted.add(usage(sandbox, 1000));
      }
      swaps = swapper.swaps();
    }
    assertThat(swaps).isPositive();
    // A rename during a listing may show the directory under both names: counted twice, but still the task's.
    assertThat(counted).allSatisfy(u -> assertThat(u.bytes()).isLessThan(OUTSIDE_BYTES))
        .anySatisfy(u -> assertThat(u.bytes()).isEqualTo(100));
  }
}
