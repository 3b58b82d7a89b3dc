package io.github.auroradist.emulator.master;

import io.github.auroradist.emulator.protocol.TaskStates;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * RECONCILE: the latest state of each task asked about (every task when none is named), and for
 * tasks the master does not know what Mesos would say about them.
 */
final class Reconciler {
  private final AgentRegistry agents;
  private final StatusUpdates updates;

  Reconciler(AgentRegistry agents, StatusUpdates updates) {
    this.agents = agents;
    this.updates = updates;
  }

  void reconcile(Framework fw, Call.Reconcile reconcile) {
    if (reconcile.getTasksCount() == 0) {
      for (TaskRecord task : fw.tasks.values()) {
        updates.send(fw, latest(task));
      }
      return;
    }
    for (Call.Reconcile.Task t : reconcile.getTasksList()) {
      reconcile(fw, t.getTaskId(), t.hasAgentId() ? t.getAgentId() : null);
    }
  }

  /** One task; agentId may be null. */
  void reconcile(Framework fw, TaskID taskId, AgentID agentId) {
    TaskRecord task = fw.tasks.get(taskId.getValue());
    if (task != null) {
      updates.send(fw, latest(task));
      return;
    }
    TaskState unreachable = fw.unreachableTasks.get(taskId.getValue());
    TaskState state;
    String message;
    if (unreachable != null) {
      state = unreachable;
      message = "Reconciliation: Task is unreachable";
    } else if (agentId != null && agents.isRegistered(agentId.getValue())) {
      state = fw.partitionAware() ? TaskState.TASK_GONE : TaskState.TASK_LOST;
      message = "Reconciliation: Task is unknown to the agent";
    } else if (agentId != null && agents.isUnreachable(agentId.getValue())) {
      state = fw.partitionAware() ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
      message = "Reconciliation: Task is unknown; its agent is unreachable";
    } else {
      state = fw.partitionAware() ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST;
      message = "Reconciliation: Task is unknown";
    }
    updates.sendFromMaster(fw, taskId, agentId, state, TaskStatus.Reason.REASON_RECONCILIATION, message);
  }

  private static TaskStatus latest(TaskRecord task) {
    TaskStatus.Builder status = task.latest != null ? task.latest.toBuilder().clearUuid()
        : TaskStatus.newBuilder().setTaskId(task.task.getTaskId()).setAgentId(task.agentId);
    if (task.latest == null && task.task.hasExecutor()) {
      status.setExecutorId(task.task.getExecutor().getExecutorId());
    }
    return status.setState(task.state).setSource(TaskStatus.Source.SOURCE_MASTER)
        .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setMessage("Reconciliation: Latest task state")
        .setTimestamp(TaskStates.now()).build();
  }
}
