package io.github.auroradist.emulator.containers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host tools containers need (skopeo, umoci, mount, podman) and reports their failures. */
public final class Commands {
  private static final long TIMEOUT_MINUTES = 10;

  private Commands() {}

  /** Runs {@code argv}; returns its output, or throws with what it printed when it fails. */
  public static String run(List<String> argv) throws ContainerException {
    Process p;
    try {
      p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
          new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      throw new ContainerException("cannot run '" + argv.get(0) + "' (is it installed? the emulator's containers"
          + " need skopeo, umoci, podman and util-linux's mount): " + e.getMessage(), e);
    }
    try (InputStream in = p.getInputStream()) {
      String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new ContainerException("'" + String.join(" ", argv) + "' did not finish in " + TIMEOUT_MINUTES
            + " minutes");
      }
      if (p.exitValue() != 0) {
        throw new ContainerException("'" + String.join(" ", argv) + "' failed (exit " + p.exitValue() + "): " + out);
      }
      return out;
    } catch (IOException e) {
      throw new ContainerException("cannot read the output of '" + argv.get(0) + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ContainerException("interrupted while running '" + argv.get(0) + "'", e);
    }
  }
}
