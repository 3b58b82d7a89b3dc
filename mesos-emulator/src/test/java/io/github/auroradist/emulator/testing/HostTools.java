package io.github.auroradist.emulator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The host tools container tests need; a missing one fails the test with the package to install. */
public final class HostTools {
  private HostTools() {}

  /** Fails unless {@code command} is on the PATH, naming the Debian package that has it. */
  public static void require(String command, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":", -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return;
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return;
      }
    }
    throw new IllegalStateException("this test needs '" + command + "' on the PATH: apt-get install "
        + debianPackage + " (.ci/run installs it)");
  }

  /**
   * Skips the test unless it runs as root (mounts, chroot, cgroups and containers need it), as the project's other
   * root-only tests do; CI runs as root, so there it always runs.
   */
  public static void assumeRoot() {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "this test needs root (mounts, cgroups and containers); it runs as " + System.getProperty("user.name"));
  }

  /** Runs a command; returns its output, or fails with it. */
  public static String run(List<String> argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try (InputStream in = p.getInputStream()) {
      String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("'" + String.join(" ", argv) + "' failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
