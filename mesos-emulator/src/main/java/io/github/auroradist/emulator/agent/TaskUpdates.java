package io.github.auroradist.emulator.agent;

import com.google.protobuf.ByteString;
import io.github.auroradist.emulator.protocol.TaskStates;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ContainerStatus;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * Status updates of the tasks on this agent, from their executors or from the agent itself: each is
 * recorded, kept until the master relays its acknowledgement (then the executor hears of it) and
 * sent to the master.
 */
final class TaskUpdates {
  private final AgentState state;
  private final MasterSession master;

  TaskUpdates(AgentState state, MasterSession master) {
    this.state = state;
    this.master = master;
  }

  /** An update from the executor, already checked: the agent fills in what the executor may leave out. */
  void fromExecutor(ExecutorRun run, TaskStatus status) {
    synchronized (state) {
      record(run, status.toBuilder()
          .setAgentId(AgentID.newBuilder().setValue(state.agentId))
          .setExecutorId(run.info.getExecutorId())
          .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
          .setTimestamp(status.hasTimestamp() ? status.getTimestamp() : TaskStates.now())
          .build());
    }
  }

  /** An update the agent itself makes up (launch failures, executor exits, command tasks, kills). */
  void fromAgent(ExecutorRun run, TaskID taskId, TaskState taskState, TaskStatus.Reason reason, String message) {
    synchronized (state) {
      TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(taskId).setState(taskState)
          .setAgentId(AgentID.newBuilder().setValue(state.agentId)).setExecutorId(run.info.getExecutorId())
          .setSource(fromCommandExecutor(run, reason) ? TaskStatus.Source.SOURCE_EXECUTOR
              : TaskStatus.Source.SOURCE_AGENT)
          .setMessage(message).setTimestamp(TaskStates.now())
          .setUuid(uuidBytes()).setContainerStatus(ContainerStatus.newBuilder()
              .setContainerId(ContainerID.newBuilder().setValue(run.containerId)));
      if (reason != null) {
        status.setReason(reason);
      }
      record(run, status.build());
    }
  }

  /** Ends every task the run still holds with the same update. */
  /**
   * Whether Mesos's command executor would send this update for a command task; the agent sends those
   * about a container that could not launch or hit a limit.
   */
  private static boolean fromCommandExecutor(ExecutorRun run, TaskStatus.Reason reason) {
    return run.commandTask && run.limitation == null && reason != TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED;
  }

  void failAll(ExecutorRun run, TaskState taskState, TaskStatus.Reason reason, String message) {
    List<TaskID> open = new ArrayList<>();
    synchronized (state) {
      for (String id : run.queued.keySet()) {
        open.add(TaskID.newBuilder().setValue(id).build());
      }
      for (String id : run.launched.keySet()) {
        open.add(TaskID.newBuilder().setValue(id).build());
      }
    }
    for (TaskID id : open) {
      fromAgent(run, id, taskState, reason, message);
    }
  }

  /** True when the agent keeps this update (same uuid) of the task unacknowledged already. */
  boolean isPending(String frameworkId, TaskStatus status) {
    synchronized (state) {
      Deque<TaskStatus> queue = state.unacknowledged.get(AgentState.key(frameworkId, status.getTaskId().getValue()));
      return queue != null && queue.stream().anyMatch(s -> s.getUuid().equals(status.getUuid()));
    }
  }

  /** ACKNOWLEDGE relayed by the master: drop the update and tell the executor. */
  void acknowledge(String frameworkId, String taskId, ByteString uuid) {
    synchronized (state) {
      String key = AgentState.key(frameworkId, taskId);
      Deque<TaskStatus> queue = state.unacknowledged.get(key);
      if (queue == null || !queue.removeIf(s -> s.getUuid().equals(uuid))) {
        return;
      }
      if (queue.isEmpty()) {
        state.unacknowledged.remove(key);
      }
      for (ExecutorRun run : state.executors.values()) {
        if (run.frameworkId.getValue().equals(frameworkId) && !run.commandTask
            && (run.holds(taskId) || run.completed.containsKey(taskId))) {
          run.send(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
              .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))
                  .setUuid(uuid)).build());
        }
      }
    }
  }

  /** Records the update of a task and sends it on to the master (again after each re-registration). */
  private void record(ExecutorRun run, TaskStatus status) {
    String taskId = status.getTaskId().getValue();
    run.states.put(taskId, status.getState());
    if (TaskStates.isTerminal(status.getState())) {
      TaskInfo task = run.launched.remove(taskId);
      if (task == null) {
        task = run.queued.remove(taskId);
      }
      if (task != null) {
        run.completed.put(taskId, task);
      }
    }
    if (run.frameworkGone) {
      return;
    }
    state.unacknowledged.computeIfAbsent(AgentState.key(run.frameworkId.getValue(), taskId), k -> new ArrayDeque<>())
        .addLast(status);
    master.sendStatus(run.frameworkId.getValue(), status);
  }

  private static ByteString uuidBytes() {
    UUID uuid = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(uuid.getMostSignificantBits());
    b.putLong(uuid.getLeastSignificantBits());
    return ByteString.copyFrom(b.array());
  }
}
