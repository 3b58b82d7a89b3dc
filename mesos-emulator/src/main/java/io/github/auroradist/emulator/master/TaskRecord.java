package io.github.auroradist.emulator.master;

import io.github.auroradist.emulator.resources.ResourceSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/** A task the master launched (or learned from an agent), with the statuses it went through. */
final class TaskRecord {
  final TaskInfo task;
  final FrameworkID frameworkId;
  final AgentID agentId;
  final ResourceSet resources;
  TaskState state = TaskState.TASK_STAGING;
  TaskStatus latest;
  final List<TaskStatus> statuses = new ArrayList<>();

  TaskRecord(TaskInfo task, FrameworkID frameworkId, AgentID agentId, ResourceSet resources) {
    this.task = task;
    this.frameworkId = frameworkId;
    this.agentId = agentId;
    this.resources = resources;
  }

  String id() {
    return task.getTaskId().getValue();
  }

  /** Takes a status the master made up itself (it carries no uuid: nobody acknowledges it). */
  void record(TaskStatus status) {
    state = status.getState();
    latest = status;
    statuses.add(status);
  }
}
