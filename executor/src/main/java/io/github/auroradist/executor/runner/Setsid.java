package io.github.auroradist.executor.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How to start a command in a new session. {@code setsid --wait} keeps the exit status when setsid
 * has to fork; util-linux before 2.24 (CentOS 7) lacks it, and then plain setsid is used (it does
 * not fork for children of the JVM, which never lead their process group).
 */
public final class Setsid {
  private static volatile List<String> prefix;

  private Setsid() {}

  /** {@code [setsid, -w]} or {@code [setsid]}. */
  public static List<String> prefix() {
    List<String> p = prefix;
    if (p == null) {
      p = supportsWait() ? List.of("setsid", "-w") : List.of("setsid");
      prefix = p;
    }
    return p;
  }

  /** The command run in its own session, as {@code user} when given. */
  public static List<String> command(java.util.Optional<UnixUser> user, String shellCommand) {
    List<String> cmd = new ArrayList<>(prefix());
    user.ifPresent(u -> cmd.addAll(List.of("setpriv", "--reuid=" + u.uid(), "--regid=" + u.gid(),
        "--init-groups", "--")));
    cmd.addAll(List.of("/bin/bash", "-c", shellCommand));
    return cmd;
  }

  /** The command in its own session, as {@code user}, in the task's image when there is one, from {@code workDir}. */
  public static List<String> command(java.util.Optional<UnixUser> user, String shellCommand,
      java.util.Optional<TaskFilesystem> taskFs, java.nio.file.Path workDir) {
    return taskFs.map(fs -> fs.command(user, shellCommand, workDir)).orElseGet(() -> command(user, shellCommand));
  }

  private static boolean supportsWait() {
    try {
      Process p = new ProcessBuilder("setsid", "-w", "true").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
