package io.github.auroradist.scheduler.mesos;

import io.github.auroradist.common.model.ScheduleStatus;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;

/** How a Mesos task state reads as an Aurora task status. */
public final class MesosTaskStates {
  private MesosTaskStates() {
  }

  /** The status a Mesos state moves a task to, or empty when it changes nothing. */
  public static Optional<ScheduleStatus> toStatus(TaskState state) {
    return Optional.ofNullable(switch (state) {
      case TASK_STARTING -> ScheduleStatus.STARTING;
      case TASK_RUNNING -> ScheduleStatus.RUNNING;
      case TASK_FINISHED -> ScheduleStatus.FINISHED;
      case TASK_FAILED, TASK_ERROR -> ScheduleStatus.FAILED;
      case TASK_KILLED -> ScheduleStatus.KILLED;
      case TASK_LOST, TASK_DROPPED, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN -> ScheduleStatus.LOST;
      case TASK_UNREACHABLE -> ScheduleStatus.PARTITIONED;
      // STAGING: launched, nothing new; KILLING: the kill is under way, the task stays where it is.
      case TASK_STAGING, TASK_KILLING -> null;
    });
  }

  public static boolean isTerminal(TaskState state) {
    return switch (state) {
      case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
          TASK_GONE_BY_OPERATOR -> true;
      default -> false;
    };
  }
}
