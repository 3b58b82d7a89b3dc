package io.github.auroradist.client.cli;

import io.github.auroradist.client.keys.TaskInstanceKey;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.model.ScheduledTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code aurora task scp SOURCE... DEST}: copies files to or from running tasks' sandboxes over scp. A task's side
 * is written {@code CLUSTER/ROLE/ENV/NAME/INSTANCE:PATH} with PATH relative to its sandbox; a path that leaves the
 * sandbox is refused ("Permission denied").
 */
@Command(name = "scp", description = "Copy files to or from the sandboxes of running tasks"
    + " (CLUSTER/ROLE/ENV/NAME/INSTANCE:PATH, PATH relative to the sandbox).")
final class TaskScpCommand extends SchedulerCommand {
  /** The scp program; tests point it at a stand-in. */
  static volatile String scpProgram = "scp";

  private static final Pattern REMOTE = Pattern.compile("([^/:]+/[^/:]+/[^/:]+/[^/:]+/[^/:]+):(.*)", Pattern.DOTALL);

  @Mixin TaskCommand.SshOptions ssh = new TaskCommand.SshOptions();

  @Parameters(arity = "2..*", paramLabel = "SOURCE... DEST",
      description = "Local paths, or CLUSTER/ROLE/ENV/NAME/INSTANCE:PATH in a task's sandbox.")
  List<String> paths;

  @Override
  int run() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(scpProgram, "-r"));
    if (ssh.sshOptions != null && !ssh.sshOptions.isBlank()) {
      cmd.addAll(List.of(ssh.sshOptions.trim().split("\\s+", -1)));
    }
    boolean remote = false;
    for (String path : paths) {
      Matcher m = REMOTE.matcher(path);
      if (!m.matches()) {
        cmd.add(path);
        continue;
      }
      remote = true;
      cmd.add(remote(TaskInstanceKey.parse(m.group(1)), m.group(2)));
    }
    if (!remote) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "no task named: write a task's side as"
          + " CLUSTER/ROLE/ENV/NAME/INSTANCE:PATH");
    }
    try {
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      int code = p.waitFor();
      if (code != 0) {
        throw new CommandFailure(ExitCodes.COMMAND_FAILURE, scpProgram + " exited with " + code);
      }
      return ExitCodes.OK;
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "cannot start " + scpProgram + ": " + e.getMessage(), e);
    }
  }

  /** {@code [user@]host:<sandbox>/<path>} for the running task of one instance. */
  private String remote(TaskInstanceKey key, String path) throws Exception {
    String inside = insideSandbox(path);
    if (key.instances().size() != 1) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "name one instance: " + key.job() + "/0:" + path);
    }
    Cluster cluster = ClientContext.cluster(key.job().cluster());
    List<ScheduledTask> tasks = TaskCommand.running(ClientContext.scheduler(cluster), key);
    if (tasks.isEmpty()) {
      throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "instance " + key + " is not running");
    }
    ScheduledTask t = tasks.get(0);
    String host = t.assignedTask().agentHost();
    String sandbox = TaskCommand.sandbox(cluster, t.assignedTask().taskId(), ssh.executorSandbox);
    return (ssh.user == null ? host : ssh.user + "@" + host) + ":" + sandbox + (inside.isEmpty() ? "" : "/" + inside);
  }

  /** The path normalized inside the sandbox; "Permission denied" when it is absolute or climbs out. */
  static String insideSandbox(String path) {
    Path normalized = Path.of(path.isEmpty() ? "." : path).normalize();
    if (path.startsWith("/") || path.startsWith("~") || normalized.startsWith("..")) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "Permission denied: '" + path + "' is outside the"
          + " task's sandbox; write a path relative to the sandbox, without '..' above it");
    }
    return normalized.toString();
  }
}
