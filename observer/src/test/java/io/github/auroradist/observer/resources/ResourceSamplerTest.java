package io.github.auroradist.observer.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.observer.sandbox.DiskUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceSamplerTest {
  @TempDir Path dir;

  @Test
  void samplesALiveRunAndRefusesAReusedPid() throws Exception {
    Process sleep = new ProcessBuilder("sh", "-c", "sleep 30 & wait").start();
    try {
      long now = System.currentTimeMillis();
      ResourceSampler sampler = new ResourceSampler();
      ProcessRun live = new ProcessRun("p", 0, ProcessState.RUNNING, sleep.pid(), now, now, null, null, null);
      var usage = sampler.process(live).orElseThrow();
      assertThat(usage.pid()).isEqualTo(sleep.pid());
      assertThat(usage.rssBytes()).isPositive();
      // sh and its sleep child (once forked) are one tree
      assertThat(usage.processCount()).isBetween(1, 2);

      // The same pid recorded for a run forked an hour ago is another process now.
      ProcessRun old = new ProcessRun("p", 0, ProcessState.RUNNING, sleep.pid(), now - 3_600_000, null, null,
          null, null);
      assertThat(sampler.process(old)).isEmpty();
      // Finished runs are never sampled.
      ProcessRun done = new ProcessRun("p", 0, ProcessState.SUCCESS, sleep.pid(), now, now, now, 0, null);
      assertThat(sampler.process(done)).isEmpty();
    } finally {
      sleep.descendants().forEach(ProcessHandle::destroyForcibly);
      sleep.destroyForcibly();
    }
  }

  @Test
  void parsesStatWithAwkwardCommandNames() throws Exception {
    Path p = Files.createDirectories(dir.resolve("123"));
    // comm "a) (b c" in parentheses; utime 250 and stime 50 ticks = 3.0 s
    Files.writeString(p.resolve("stat"),
        "123 (a) (b c) S 1 123 123 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 1 0 1000 1000000 300\n");
    Files.writeString(p.resolve("status"), "Name:\tx\nVmRSS:\t   2048 kB\nThreads:\t1\n");
    double[] v = new ResourceSampler(dir).readProc(123).orElseThrow();
    assertThat(v[0]).isEqualTo(3.0);
    assertThat(v[1]).isEqualTo(2048 * 1024.0);
    assertThat(new ResourceSampler(dir).readProc(999)).isEmpty();
  }

  @Test
  void countsSandboxBytesWithoutFollowingLinks() throws Exception {
    Path sandbox = Files.createDirectories(dir.resolve("sandbox/a"));
    Files.write(sandbox.resolve("f"), new byte[1000]);
    Files.write(dir.resolve("sandbox/g"), new byte[24]);
    Files.createSymbolicLink(dir.resolve("sandbox/etc"), Path.of("/etc"));
    assertThat(ResourceSampler.diskUsage(dir.resolve("sandbox"))).contains(new DiskUsage(1024, false));
    assertThat(ResourceSampler.diskUsage(dir.resolve("gone"))).isEmpty();
    // A sandbox that is itself a link is not followed either.
    Files.createSymbolicLink(dir.resolve("linked"), dir.resolve("sandbox"));
    assertThat(ResourceSampler.diskUsage(dir.resolve("linked"))).isEmpty();
  }
}
