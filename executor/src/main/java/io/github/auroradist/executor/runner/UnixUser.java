package io.github.auroradist.executor.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A local account the task's processes run as: the passwd entry of the job's role. */
public record UnixUser(String name, long uid, long gid, String home) {

  /** Looks the user up with getent, so NSS sources (LDAP, sssd) count as well as /etc/passwd. */
  public static Optional<UnixUser> lookup(String name) {
    if (name == null || name.isEmpty() || !name.matches("[A-Za-z0-9_.][A-Za-z0-9_.-]*\\$?")) {
      return Optional.empty();
    }
    try {
      Process p = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || out.isEmpty()) {
        return Optional.empty();
      }
      String[] f = out.lines().findFirst().orElseThrow().split(":", -1);
      return Optional.of(new UnixUser(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[5]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Whether this JVM runs as root, the only case in which processes can switch user. */
  public static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name")) || currentUid() == 0;
  }

  private static long currentUid() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring("Uid:".length()).trim().split("\\s+", -1)[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return -1;
  }
}
