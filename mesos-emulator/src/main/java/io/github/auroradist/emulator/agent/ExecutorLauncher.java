package io.github.auroradist.emulator.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.containers.Container;
import io.github.auroradist.emulator.containers.ContainerException;
import io.github.auroradist.emulator.containers.Containerizer;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import io.github.auroradist.emulator.resources.ResourceSet;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executors as real processes: RUN from the master starts (or reuses) the task's executor in a
 * Mesos-style sandbox, or runs a command task itself like Mesos's command executor; when a process
 * exits, its unfinished tasks end and the master hears of the exit.
 */
final class ExecutorLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorLauncher.class);

  private final AgentState state;
  private final TaskUpdates updates;
  private final KillEscalation kills;
  private final MasterSession master;
  private final ScheduledExecutorService timers;
  private final Fetcher fetcher = new Fetcher();
  private static final long LIMIT_POLL_MS = 100;

  private final SandboxUser sandboxUser;
  private final Containerizer containerizer;

  ExecutorLauncher(AgentState state, TaskUpdates updates, KillEscalation kills, MasterSession master,
      ScheduledExecutorService timers) {
    this.state = state;
    this.updates = updates;
    this.kills = kills;
    this.master = master;
    this.timers = timers;
    this.sandboxUser = new SandboxUser(state.config);
    this.containerizer = new Containerizer(state.config.workDir(), state.config.isolation());
  }

  /** RUN from the master: start (or reuse) the task's executor and hand it the task. */
  void run(FrameworkInfo framework, TaskInfo task) {
    ExecutorRun toStart = null;
    synchronized (state) {
      if (state.agentId == null) {
        throw new IllegalStateException("agent is not registered");
      }
      state.frameworks.put(framework.getId().getValue(), framework);
      String taskId = task.getTaskId().getValue();
      if (task.hasExecutor()) {
        String key = AgentState.key(framework.getId().getValue(), task.getExecutor().getExecutorId().getValue());
        ExecutorRun run = state.executors.get(key);
        if (run == null || run.state == ExecutorRun.State.TERMINATING || run.state == ExecutorRun.State.TERMINATED) {
          run = newRun(framework.getId(), task.getExecutor(), false);
          state.executors.put(key, run);
          toStart = run;
        }
        run.states.put(taskId, TaskState.TASK_STAGING);
        if (run.send(ExecutorApi.launch(task))) {
          run.launched.put(taskId, task);
        } else {
          run.queued.put(taskId, task);
        }
      } else {
        // No executor: the agent plays Mesos's command executor for this task.
        ExecutorInfo info = ExecutorInfo.newBuilder()
            .setExecutorId(ExecutorID.newBuilder().setValue(taskId))
            .setFrameworkId(framework.getId()).setName("Command Executor (Task: " + taskId + ")")
            .setCommand(task.getCommand()).build();
        ExecutorRun run = newRun(framework.getId(), info, true);
        state.executors.put(AgentState.key(framework.getId().getValue(), taskId), run);
        run.launched.put(taskId, task);
        run.states.put(taskId, TaskState.TASK_STAGING);
        toStart = run;
      }
    }
    if (toStart != null) {
      start(toStart, framework, task);
    }
  }

  private ExecutorRun newRun(FrameworkID fw, ExecutorInfo info, boolean commandTask) {
    String containerId = UUID.randomUUID().toString();
    Path runs = state.config.workDir().resolve("slaves").resolve(state.agentId).resolve("frameworks")
        .resolve(fw.getValue()).resolve("executors").resolve(info.getExecutorId().getValue()).resolve("runs");
    return new ExecutorRun(fw, info, containerId, runs.resolve(containerId), commandTask);
  }

  private void start(ExecutorRun run, FrameworkInfo framework, TaskInfo task) {
    CommandInfo command = run.info.getCommand();
    String user = command.hasUser() ? command.getUser() : framework.getUser();
    try {
      Path stdout = createSandbox(run);
      fetcher.fetch(command, run.directory);
      Map<String, String> mesosEnv;
      String agentId;
      synchronized (state) {
        mesosEnv = environment(run, user);
        agentId = state.agentId;
      }
      List<String> session = new ArrayList<>();
      session.add("setsid");
      session.addAll(sandboxUser.prepare(user, run.directory, agentId));
      Map<String, String> env = new LinkedHashMap<>(mesosEnv);
      for (Environment.Variable v : command.getEnvironment().getVariablesList()) {
        if (v.getType() != Environment.Variable.Type.SECRET) {
          env.put(v.getName(), v.getValue());
        }
      }
      ContainerInfo containerInfo = run.commandTask ? (task.hasContainer() ? task.getContainer() : null)
          : (run.info.hasContainer() ? run.info.getContainer() : null);
      ResourceSet limits = ResourceSet.of(run.info.getResourcesList()).plus(ResourceSet.of(task.getResourcesList()));
      Container container = containerizer.prepare(new Containerizer.Request(run.containerId,
          Optional.ofNullable(containerInfo), run.directory, session, commandLine(command), env.keySet(),
          limits.scalar("cpus"), (long) (limits.scalar("mem") * 1024 * 1024)));
      synchronized (state) {
        run.container = container;
      }
      env.putAll(container.environment());
      ProcessBuilder pb = new ProcessBuilder(container.argv()).directory(run.directory.toFile())
          .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
          .redirectError(ProcessBuilder.Redirect.appendTo(run.directory.resolve("stderr").toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().putAll(env);
      Process process = pb.start();
      LOG.info("started {} {} of framework {} as pid {} in {}", run.commandTask ? "command task" : "executor",
          run.executorId(), run.frameworkId.getValue(), process.pid(), run.directory);
      synchronized (state) {
        run.process = process;
        if (run.state == ExecutorRun.State.TERMINATING) {
          timers.execute(() -> kills.shutdown(run));
        }
        if (run.commandTask) {
          run.state = ExecutorRun.State.RUNNING;
        } else {
          long timeout = state.config.executorRegistrationTimeout().toMillis();
          run.registrationTimer = timers.schedule(() -> kills.registrationTimedOut(run), timeout,
              TimeUnit.MILLISECONDS);
        }
      }
      // Not kept: nothing waits on it, and a failure to handle the exit is logged here.
      var unused = process.onExit().thenAccept(p -> {
        try {
          exited(run, p.exitValue());
        } catch (RuntimeException e) {
          LOG.error("cannot handle the exit of executor {} of framework {}", run.executorId(),
              run.frameworkId.getValue(), e);
        }
      });
      watchLimits(run, container);
      if (run.commandTask) {
        updates.fromAgent(run, task.getTaskId(), TaskState.TASK_RUNNING, null, "Command started");
      }
    } catch (IOException | ContainerException | RuntimeException e) {
      LOG.warn("cannot launch executor {} of framework {}: {}", run.executorId(), run.frameworkId.getValue(),
          e.toString());
      updates.failAll(run, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
          "Failed to launch container: " + e.getMessage());
      synchronized (state) {
        run.state = ExecutorRun.State.TERMINATED;
        state.retire(run);
      }
      destroyContainer(run);
      if (!run.commandTask) { // the master gives the executor's resources back
        reportExit(run, 1 << 8);
      }
    }
  }

  /** Creates the run's directory, points {@code latest} at it, and returns its (empty) stdout file. */
  private static Path createSandbox(ExecutorRun run) throws IOException {
    Files.createDirectories(run.directory);
    Path latest = run.directory.getParent().resolve("latest");
    Path tmpLink = run.directory.getParent().resolve(".latest-" + run.containerId);
    Files.createSymbolicLink(tmpLink, run.directory.getFileName());
    Files.move(tmpLink, latest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Path stdout = Files.createFile(run.directory.resolve("stdout"));
    Files.createFile(run.directory.resolve("stderr"));
    return stdout;
  }

  /** The MESOS_* variables an executor gets. */
  private Map<String, String> environment(ExecutorRun run, String user) {
    AgentConfig config = state.config;
    String sandbox = run.directory.toString();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MESOS_FRAMEWORK_ID", run.frameworkId.getValue());
    env.put("MESOS_EXECUTOR_ID", run.executorId());
    env.put("MESOS_SLAVE_ID", state.agentId);
    env.put("MESOS_AGENT_ID", state.agentId);
    env.put("MESOS_DIRECTORY", sandbox);
    env.put("MESOS_SANDBOX", sandbox);
    env.put("MESOS_AGENT_ENDPOINT", config.advertiseIp() + ":" + state.port);
    env.put("MESOS_CHECKPOINT", state.framework(run.frameworkId.getValue()).getCheckpoint() ? "1" : "0");
    env.put("MESOS_RECOVERY_TIMEOUT", MesosDuration.format(config.recoveryTimeout()));
    env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", MesosDuration.format(config.executorShutdownGracePeriod()));
    env.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
    env.put("MESOS_CONTAINER_ID", run.containerId);
    if (user != null && !user.isEmpty()) {
      env.put("MESOS_USER", user);
    }
    return env;
  }

  private void exited(ExecutorRun run, int exitValue) {
    noteLimitation(run, exitValue);
    boolean notify;
    synchronized (state) {
      run.exitStatus = exitValue;
      if (run.registrationTimer != null) {
        run.registrationTimer.cancel(false);
      }
      notify = !run.frameworkGone;
    }
    LOG.info("{} {} of framework {} exited with {}", run.commandTask ? "command task" : "executor",
        run.executorId(), run.frameworkId.getValue(), exitValue);
    destroyContainer(run);
    if (run.limitation != null) {
      updates.failAll(run, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY,
          run.limitation);
    } else if (run.commandTask) {
      TaskState end;
      String message;
      if (run.killRequested) {
        end = TaskState.TASK_KILLED;
        message = "Command terminated by a kill";
      } else if (exitValue == 0) {
        end = TaskState.TASK_FINISHED;
        message = "Command exited with status 0";
      } else {
        end = TaskState.TASK_FAILED;
        message = "Command exited with status " + exitValue;
      }
      TaskStatus.Reason reason = exitValue == 0 || run.killRequested ? null
          : TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED;
      updates.failAll(run, end, reason, message);
    } else if (run.registrationTimedOut) {
      updates.failAll(run, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT,
          "Executor did not subscribe within " + MesosDuration.format(state.config.executorRegistrationTimeout()));
    } else {
      updates.failAll(run, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
          "Executor terminated with status " + exitValue + " without a terminal update for the task");
    }
    EventStream stream;
    synchronized (state) {
      run.state = ExecutorRun.State.TERMINATED;
      stream = run.detachStream();
      state.retire(run);
    }
    if (stream != null) {
      stream.close();
    }
    if (notify) {
      reportExit(run, exitValue > 128 ? exitValue - 128 : exitValue << 8); // a wait(2) status
    }
  }

  private static List<String> commandLine(CommandInfo command) {
    List<String> argv = new ArrayList<>();
    if (!command.hasShell() || command.getShell()) {
      argv.addAll(List.of("/bin/sh", "-c", command.getValue()));
    } else {
      argv.add(command.getValue());
      if (command.getArgumentsCount() > 1) {
        argv.addAll(command.getArgumentsList().subList(1, command.getArgumentsCount()));
      }
    }
    return argv;
  }

  /**
   * Polls the container's memory cgroup: when the kernel's OOM killer struck there, the whole
   * container is killed and its tasks fail with the limitation, as Mesos's memory isolator does.
   */
  private void watchLimits(ExecutorRun run, Container container) {
    if (container.cgroup().isEmpty()) {
      return;
    }
    ScheduledFuture<?> watch = timers.scheduleWithFixedDelay(() -> {
      Optional<String> exceeded = container.cgroup().get().memoryLimitExceeded();
      Process process;
      synchronized (state) {
        if (exceeded.isEmpty() || run.limitation != null || run.state == ExecutorRun.State.TERMINATED) {
          return;
        }
        run.limitation = exceeded.get();
        process = run.process;
      }
      LOG.info("container {} of executor {} exceeded its memory limit; killing it", run.containerId, run.executorId());
      ProcessTree.kill(process.toHandle());
    }, LIMIT_POLL_MS, LIMIT_POLL_MS, TimeUnit.MILLISECONDS);
    synchronized (state) {
      run.limitWatch = watch;
    }
  }

  /** The OOM killer may end a command before the watch looks: the cgroup is asked once more at the exit. */
  private void noteLimitation(ExecutorRun run, int exitValue) {
    Container container;
    boolean killed;
    synchronized (state) {
      container = run.container;
      killed = run.killRequested;
    }
    Optional<String> exceeded = container == null || container.cgroup().isEmpty() ? Optional.empty()
        : container.cgroup().get().memoryLimitExceededAtExit(!killed && exitValue == 128 + 9);
    synchronized (state) {
      if (exceeded.isPresent() && run.limitation == null) {
        run.limitation = exceeded.get();
      }
    }
  }

  /** Undoes the container (mounts, file systems, cgroups); a failure is logged, the run is over anyway. */
  private void destroyContainer(ExecutorRun run) {
    Container container;
    synchronized (state) {
      container = run.container;
      run.container = null;
      if (run.limitWatch != null) {
        run.limitWatch.cancel(false);
      }
    }
    if (container == null) {
      return;
    }
    try {
      container.destroy();
    } catch (ContainerException e) {
      LOG.warn("cannot clean up container {} of executor {}: {}", run.containerId, run.executorId(), e.getMessage());
    }
  }

  private void reportExit(ExecutorRun run, int waitStatus) {
    ObjectNode body = ProtoJson.MAPPER.createObjectNode();
    body.put("framework_id", run.frameworkId.getValue());
    body.put("executor_id", run.executorId());
    body.put("status", waitStatus);
    master.post(AgentProtocol.EXECUTOR_EXITED, body);
  }
}
