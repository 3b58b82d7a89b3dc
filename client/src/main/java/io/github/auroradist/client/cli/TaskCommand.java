package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.keys.TaskInstanceKey;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora task run|ssh} ({@code scp} has its own file): commands in running tasks' sandboxes, over ssh. */
@Command(name = "task", description = "Work with the running tasks of a job.",
    subcommands = {TaskCommand.Run.class, TaskCommand.Ssh.class, TaskScpCommand.class})
final class TaskCommand {
  /** The ssh program; tests point it at a stand-in. */
  static volatile String sshProgram = "ssh";

  private static final Pattern PORT = Pattern.compile("%port:([^%]+)%");

  private TaskCommand() {}

  /** The options run and ssh share: how to log in, and which directory of the task to enter. */
  static final class SshOptions {
    @Option(names = {"-l", "--ssh-user"}, paramLabel = "USER", description = "Log in as USER (default: ssh's).")
    String user;

    @Option(names = "--ssh-options", paramLabel = "OPTIONS", description = "Extra ssh options.")
    String sshOptions;

    @Option(names = {"-e", "--executor-sandbox"},
        description = "Use the executor's run directory instead of the task's sandbox.")
    boolean executorSandbox;

    /** The ssh command line that runs {@code then} in the task's sandbox (or run directory) on its agent. */
    List<String> inSandbox(Cluster cluster, ScheduledTask task, boolean tty, String then) {
      List<String> cmd = new ArrayList<>(List.of(sshProgram));
      if (sshOptions != null && !sshOptions.isBlank()) {
        cmd.addAll(List.of(sshOptions.trim().split("\\s+")));
      }
      cmd.add(tty ? "-t" : "-n");
      String host = task.assignedTask().agentHost();
      cmd.add(user == null ? host : user + "@" + host);
      cmd.add(cdInto(sandbox(cluster, task.assignedTask().taskId(), executorSandbox)) + then);
      return cmd;
    }
  }

  /**
   * The task's sandbox on its agent, as a shell path with the agent and framework ids left to
   * globbing: {@code <slave_root>/slaves/* /frameworks/* /executors/thermos-<task>/runs/<run dir>/sandbox}.
   */
  static String sandbox(Cluster cluster, String taskId, boolean executorSandbox) {
    String run = cluster.slaveRoot().replaceAll("/+$", "") + "/slaves/*/frameworks/*/executors/thermos-"
        + taskId + "/runs/" + cluster.slaveRunDirectory();
    return executorSandbox ? run : run + "/sandbox";
  }

  /** A shell prefix that enters the sandbox or stops with exit code 125 saying it is missing. */
  static String cdInto(String sandbox) {
    return "cd " + sandbox + " 2>/dev/null || { echo \"no sandbox at " + sandbox.replace("\"", "")
        + " (is slave_root in clusters.json the agents' --work_dir?)\" >&2; exit 125; }\n";
  }

  /** Aurora's placeholders: {@code %port:NAME%}, {@code %shard_id%}, {@code %instance_id%}, {@code %task_id%}. */
  static String substitute(String command, ScheduledTask task) {
    var a = task.assignedTask();
    Map<String, Integer> ports = a.assignedPorts() == null ? Map.of() : a.assignedPorts();
    Matcher m = PORT.matcher(command);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Integer port = ports.get(m.group(1));
      if (port == null) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "task " + a.taskId() + " has no port named '"
            + m.group(1) + "'; its ports are " + ports.keySet());
      }
      m.appendReplacement(sb, String.valueOf(port));
    }
    m.appendTail(sb);
    return sb.toString().replace("%shard_id%", String.valueOf(a.instanceId()))
        .replace("%instance_id%", String.valueOf(a.instanceId()))
        .replace("%task_id%", a.taskId());
  }

  /** Running tasks of the selected instances, by instance. */
  static List<ScheduledTask> running(SchedulerClient scheduler, TaskInstanceKey key) throws Exception {
    return scheduler.tasksWithoutConfigs(key.job().jobKey(), key.instances(), ScheduleStatus.RUNNING.name()).stream()
        .filter(t -> t.assignedTask().agentHost() != null)
        .sorted(Comparator.comparingInt(t -> t.assignedTask().instanceId()))
        .toList();
  }

  /** {@code aurora task run KEY[/INSTANCES] COMMAND...}. */
  @Command(name = "run", description = "Run a shell command in the sandbox of each running task.")
  static final class Run extends SchedulerCommand {
    @Mixin SshOptions ssh = new SshOptions();

    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME[/INSTANCES]",
        converter = KeyConverters.TaskInstanceKeyConverter.class)
    TaskInstanceKey key;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND",
        description = "May use %%port:NAME%%, %%shard_id%% and %%task_id%%.")
    List<String> command;

    @Override
    int run() throws Exception {
      Cluster cluster = ClientContext.cluster(key.job().cluster());
      SchedulerClient scheduler = ClientContext.scheduler(cluster);
      List<ScheduledTask> tasks = running(scheduler, key);
      if (tasks.isEmpty()) {
        throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "no running tasks for " + key);
      }
      int failures = 0;
      for (ScheduledTask t : tasks) {
        var a = t.assignedTask();
        List<String> cmd = ssh.inSandbox(cluster, t, false, substitute(String.join(" ", command), t));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        for (String line : output.split("\n", -1)) {
          if (!line.isEmpty()) {
            out().println(a.agentHost() + "/" + a.instanceId() + ": " + line);
          }
        }
        if (code != 0) {
          failures++;
          out().println(a.agentHost() + "/" + a.instanceId() + ": (exit code " + code + ")");
        }
      }
      if (failures > 0) {
        throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "the command failed on " + failures
            + " of " + tasks.size() + " task(s)");
      }
      return ExitCodes.OK;
    }
  }

  /** {@code aurora task ssh KEY/INSTANCE}: a shell (or {@code --command}) in the task's sandbox. */
  @Command(name = "ssh", description = "Open a shell in the sandbox of one running task.")
  static final class Ssh extends SchedulerCommand {
    @Mixin SshOptions ssh = new SshOptions();

    @Option(names = "--command", paramLabel = "COMMAND",
        description = "Run this instead of an interactive shell (may use %%port:NAME%%).")
    String command;

    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME/INSTANCE",
        converter = KeyConverters.TaskInstanceKeyConverter.class)
    TaskInstanceKey key;

    @Override
    int run() throws Exception {
      if (key.instances().size() != 1) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "name one instance: " + key.job() + "/0");
      }
      Cluster cluster = ClientContext.cluster(key.job().cluster());
      List<ScheduledTask> tasks = running(ClientContext.scheduler(cluster), key);
      if (tasks.isEmpty()) {
        throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "instance " + key + " is not running");
      }
      ScheduledTask t = tasks.get(0);
      String then = command == null ? "exec \"${SHELL:-/bin/bash}\" -l" : substitute(command, t);
      List<String> cmd = ssh.inSandbox(cluster, t, command == null, then);
      try {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int code = p.waitFor();
        return code == 0 ? ExitCodes.OK : ExitCodes.COMMAND_FAILURE;
      } catch (IOException e) {
        throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "cannot start " + sshProgram + ": "
            + e.getMessage(), e);
      }
    }
  }
}
