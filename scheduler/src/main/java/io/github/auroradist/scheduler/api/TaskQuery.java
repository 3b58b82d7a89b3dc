package io.github.auroradist.scheduler.api;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import java.util.List;
import java.util.Set;

/**
 * Which tasks an operator's request is about (prune, recovery): each field narrows the selection, and a null (or
 * empty) one selects every task. Request body form: {@code {"role", "environment", "name", "instances",
 * "statuses", "taskIds"}}.
 */
public record TaskQuery(String role, String environment, String name,
    InstanceRanges instances, Set<ScheduleStatus> statuses,
    List<String> taskIds) {
  public TaskQuery {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
  }

  public boolean matches(ScheduledTask t) {
    return (role == null || t.jobKey().role().equals(role))
        && (environment == null || t.jobKey().environment().equals(environment))
        && (name == null || t.jobKey().name().equals(name))
        && StateQueries.selected(instances).test(t.assignedTask().instanceId())
        && (statuses.isEmpty() || statuses.contains(t.status()))
        && (taskIds.isEmpty() || taskIds.contains(t.taskId()));
  }
}
