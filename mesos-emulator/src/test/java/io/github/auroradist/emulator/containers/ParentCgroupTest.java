package io.github.auroradist.emulator.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.emulator.testing.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A container's cgroup as the parent of Podman's: the OOM killer's kills are counted in the cgroup below, and once
 * Podman has removed it, a container killed by SIGKILL after it reached its limit still counts (cgroup v1).
 */
class ParentCgroupTest {
  private static final long MB = 1024 * 1024;

  @Test
  void oomKillsBelowCountAndSurviveTheirCgroupAsASigkillOverTheLimit() throws Exception {
    HostTools.assumeRoot();
    Isolation isolation = Isolation.parse("cgroups/mem");
    CgroupHierarchy hierarchy = isolation.hierarchy();
    String id = "parent-cgroup-test-" + UUID.randomUUID();
    Cgroup parent = hierarchy.createParent(id, isolation, 0, 32 * MB);
    try {
      // Where Podman would make the container's own cgroup.
      Path below = Path.of("/sys/fs/cgroup", hierarchy.isV2() ? "" : "memory").resolve("mesos").resolve(id)
          .resolve("libpod-test");
      Files.createDirectories(below);
      Process hog = new ProcessBuilder("/bin/sh", "-c", "echo $$ > " + below.resolve("cgroup.procs")
          + " && exec dd if=/dev/zero of=/dev/null bs=256M count=1").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      assertThat(hog.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(hog.exitValue()).isEqualTo(128 + 9);
      assertThat(parent.memoryLimitExceeded()).get().asString()
          .startsWith("Memory limit exceeded: Requested: 32MB Maximum Used: ");

      Files.delete(below); // as Podman does when the container ends
      assertThat(parent.memoryLimitExceededAtExit(true)).get().asString()
          .startsWith("Memory limit exceeded: Requested: 32MB Maximum Used: ");
      if (!hierarchy.isV2()) { // v2 counts the kill in the parent too; v1 only in the cgroup now gone
        assertThat(parent.memoryLimitExceeded()).isEmpty();
        assertThat(parent.memoryLimitExceededAtExit(false)).isEmpty();
      }
    } finally {
      parent.destroy();
    }
    assertThat(List.of("memory", "cpu", "pids", "")).allSatisfy(h ->
        assertThat(Path.of("/sys/fs/cgroup", h, "mesos", id)).doesNotExist());
  }
}
