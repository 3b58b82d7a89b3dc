package io.github.auroradist.emulator.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Signals an executor and everything it started. Executors run in their own session (setsid), so
 * the process group catches daemons that left the tree; the descendant scan catches the rest.
 */
final class ProcessTree {
  private ProcessTree() {}

  static void terminate(ProcessHandle root) {
    signal(root, "TERM");
  }

  static void kill(ProcessHandle root) {
    signal(root, "KILL");
  }

  private static void signal(ProcessHandle root, String signal) {
    List<ProcessHandle> members = new ArrayList<>();
    members.add(root);
    root.descendants().forEach(members::add);
    run("kill", "-" + signal, "--", "-" + root.pid());
    for (ProcessHandle p : members) {
      if (p.isAlive()) {
        if ("KILL".equals(signal)) {
          p.destroyForcibly();
        } else {
          p.destroy();
        }
      }
    }
  }

  private static void run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1) here: the per-process signals above still go out
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
