package io.github.auroradist.scheduler.sla;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.Set;

/** Counts a job's instances that are up in the SLA's sense: RUNNING for at least the policy's duration. */
final class UpInstances {
  private UpInstances() {
  }

  /**
   * The job's instances that stay up once {@code task} and the {@code goingDown} tasks are down.
   *
   * @param durationSecs how long a task must have been RUNNING to count
   */
  static long afterTakingDown(StoreView view, ScheduledTask task, Set<String> goingDown, long durationSecs,
      long now) {
    return view.tasksOf(task.jobKey()).stream()
        .filter(t -> !t.taskId().equals(task.taskId()) && !goingDown.contains(t.taskId()))
        .filter(t -> t.status() == ScheduleStatus.RUNNING && now - runningSince(t) >= durationSecs * 1000)
        .map(t -> t.assignedTask().instanceId())
        .distinct()
        .count();
  }

  /** When the task last became RUNNING (from its events). */
  static long runningSince(ScheduledTask task) {
    for (int i = task.taskEvents().size() - 1; i >= 0; i--) {
      TaskEvent e = task.taskEvents().get(i);
      if (e.status() == ScheduleStatus.RUNNING) {
        return e.timestamp();
      }
    }
    return Long.MAX_VALUE;
  }

  /** The job's instance count: as configured, else as many as it has active instances (a job started by cron). */
  static long instanceCount(StoreView view, ScheduledTask task) {
    return view.job(task.jobKey()).map(j -> (long) j.instanceCount())
        .orElseGet(() -> view.tasksOf(task.jobKey()).stream().filter(t -> t.status().isActive())
            .map(t -> t.assignedTask().instanceId()).distinct().count());
  }
}
