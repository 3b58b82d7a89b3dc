package io.github.auroradist.emulator.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills and shutdowns, escalating like a Mesos agent: an executor is asked first (KILL, SHUTDOWN);
 * after its grace period its whole process tree gets SIGTERM, then SIGKILL. Command tasks go straight
 * to the signals.
 */
final class KillEscalation {
  private static final Logger LOG = LoggerFactory.getLogger(KillEscalation.class);
  private static final Duration COMMAND_KILL_GRACE = Duration.ofSeconds(3);
  private static final Duration SIGTERM_TO_SIGKILL = Duration.ofSeconds(3);

  private final AgentState state;
  private final TaskUpdates updates;
  private final ScheduledExecutorService timers;

  KillEscalation(AgentState state, TaskUpdates updates, ScheduledExecutorService timers) {
    this.state = state;
    this.updates = updates;
    this.timers = timers;
  }

  /** KILL from the master; policy may be null (the task's own applies then). */
  void kill(String frameworkId, String taskId, KillPolicy policy) {
    ExecutorRun target = null;
    boolean queued = false;
    synchronized (state) {
      for (ExecutorRun run : state.executors.values()) {
        if (run.frameworkId.getValue().equals(frameworkId) && run.holds(taskId)
            && run.state != ExecutorRun.State.TERMINATED) {
          target = run;
          queued = run.queued.containsKey(taskId);
          break;
        }
      }
      if (target == null) {
        LOG.info("kill of task {} of framework {}: no such live task here", taskId, frameworkId);
        return;
      }
      if (!target.commandTask && !queued) {
        Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
        if (policy != null) {
          kill.setKillPolicy(policy);
        } else if (target.launched.get(taskId).hasKillPolicy()) {
          kill.setKillPolicy(target.launched.get(taskId).getKillPolicy());
        }
        if (!target.send(Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build())) {
          LOG.warn("kill of task {}: executor {} is not connected; the kill is dropped", taskId,
              target.executorId());
        }
        return;
      }
    }
    if (queued) {
      killQueued(target, taskId);
    } else {
      killCommand(target, frameworkId, taskId, policy);
    }
  }

  /** A task the executor has not received yet is killed at once; an executor left with nothing stops. */
  private void killQueued(ExecutorRun run, String taskId) {
    updates.fromAgent(run, TaskID.newBuilder().setValue(taskId).build(), TaskState.TASK_KILLED,
        TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH, "Killed before delivery to the executor");
    boolean empty;
    synchronized (state) {
      empty = run.queued.isEmpty() && run.launched.isEmpty();
    }
    if (empty) {
      shutdown(run);
    }
  }

  /** A command task: SIGTERM its tree, SIGKILL after the kill policy's grace period. */
  private void killCommand(ExecutorRun run, String frameworkId, String taskId, KillPolicy policy) {
    TaskInfo task;
    boolean killingState;
    synchronized (state) {
      task = run.launched.get(taskId);
      run.killRequested = true;
      killingState = state.framework(frameworkId).getCapabilitiesList().stream()
          .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    }
    KillPolicy effective = policy != null ? policy : task != null && task.hasKillPolicy() ? task.getKillPolicy() : null;
    Duration grace = effective != null && effective.hasGracePeriod()
        ? Duration.ofNanos(effective.getGracePeriod().getNanoseconds()) : COMMAND_KILL_GRACE;
    if (killingState) { // like Mesos's command executor, only for frameworks that asked for it
      updates.fromAgent(run, TaskID.newBuilder().setValue(taskId).build(), TaskState.TASK_KILLING, null,
          "Killing the command");
    }
    terminateThenKill(run, Duration.ZERO, grace);
  }

  /** The executor is told to shut down; after the grace period its tree gets SIGTERM, then SIGKILL. */
  void shutdown(ExecutorRun run) {
    Duration grace = state.config.executorShutdownGracePeriod();
    synchronized (state) {
      if (run.state == ExecutorRun.State.TERMINATED) {
        return;
      }
      run.state = ExecutorRun.State.TERMINATING;
      if (run.process == null) {
        return; // still launching; the launcher shuts it down once it has a process
      }
      if (run.commandTask || !run.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build())) {
        grace = Duration.ZERO;
      }
    }
    Duration kill = grace.isZero() ? state.config.executorShutdownGracePeriod()
        : grace.compareTo(SIGTERM_TO_SIGKILL) < 0 ? grace : SIGTERM_TO_SIGKILL;
    terminateThenKill(run, grace, kill);
  }

  void shutdownFramework(String frameworkId) {
    List<ExecutorRun> runs = new ArrayList<>();
    synchronized (state) {
      for (ExecutorRun run : state.executors.values()) {
        if (run.frameworkId.getValue().equals(frameworkId)) {
          run.frameworkGone = true;
          runs.add(run);
        }
      }
      state.unacknowledged.keySet().removeIf(k -> k.startsWith(frameworkId + "/"));
    }
    LOG.info("shutting down framework {} ({} executors)", frameworkId, runs.size());
    runs.forEach(this::shutdown);
  }

  void shutdownExecutor(String frameworkId, String executorId) {
    ExecutorRun run;
    synchronized (state) {
      run = state.run(frameworkId, executorId);
    }
    if (run != null) {
      shutdown(run);
    }
  }

  /** An executor that did not subscribe in time is killed without being asked. */
  void registrationTimedOut(ExecutorRun run) {
    synchronized (state) {
      if (run.stream != null || run.state != ExecutorRun.State.LAUNCHING) {
        return;
      }
      run.registrationTimedOut = true;
      run.state = ExecutorRun.State.TERMINATING;
    }
    LOG.warn("executor {} of framework {} did not subscribe within {}; killing it", run.executorId(),
        run.frameworkId.getValue(), state.config.executorRegistrationTimeout());
    terminateThenKill(run, Duration.ZERO, SIGTERM_TO_SIGKILL);
  }

  private void terminateThenKill(ExecutorRun run, Duration termAfter, Duration killAfterTerm) {
    Process process;
    synchronized (state) {
      process = run.process;
    }
    if (process == null) {
      return;
    }
    ProcessHandle handle = process.toHandle();
    // The futures are not kept: nothing cancels an escalation, and the timer threads log a failure.
    var unused = timers.schedule(() -> {
      if (handle.isAlive()) {
        LOG.info("sending SIGTERM to the process tree of executor {} (pid {})", run.executorId(), handle.pid());
        ProcessTree.terminate(handle);
        var unusedKill = timers.schedule(() -> {
          if (handle.isAlive() || handle.descendants().findAny().isPresent()) {
            LOG.info("sending SIGKILL to the process tree of executor {} (pid {})", run.executorId(), handle.pid());
            ProcessTree.kill(handle);
          }
        }, killAfterTerm.toMillis(), TimeUnit.MILLISECONDS);
      }
    }, termAfter.toMillis(), TimeUnit.MILLISECONDS);
  }
}
