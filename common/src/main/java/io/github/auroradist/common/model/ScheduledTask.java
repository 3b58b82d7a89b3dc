package io.github.auroradist.common.model;

import java.util.ArrayList;
import java.util.List;

/** A task and its life so far: current status, failures of its instance, and its events. */
public record ScheduledTask(
    AssignedTask assignedTask,
    ScheduleStatus status,
    int failureCount,
    List<TaskEvent> taskEvents,
    String ancestorId) {

  public ScheduledTask {
    taskEvents = taskEvents == null ? List.of() : List.copyOf(taskEvents);
  }

  public String taskId() {
    return assignedTask.taskId();
  }

  public JobKey jobKey() {
    return assignedTask.task().job();
  }

  /** The same task in {@code newStatus}, with an event recording the change. */
  public ScheduledTask withStatus(ScheduleStatus newStatus, TaskEvent event) {
    List<TaskEvent> events = new ArrayList<>(taskEvents);
    events.add(event);
    return new ScheduledTask(assignedTask, newStatus, failureCount, events, ancestorId);
  }

  public ScheduledTask withAssignedTask(AssignedTask newAssigned) {
    return new ScheduledTask(newAssigned, status, failureCount, taskEvents, ancestorId);
  }

  public ScheduledTask withFailureCount(int count) {
    return new ScheduledTask(assignedTask, status, count, taskEvents, ancestorId);
  }

  /** The time of the most recent event, or 0 when there is none. */
  public long latestEventTime() {
    return taskEvents.isEmpty() ? 0 : taskEvents.get(taskEvents.size() - 1).timestamp();
  }
}
