package io.github.auroradist.emulator.protocol;

import org.apache.mesos.v1.Protos.TaskState;

/** What master and agent both need to know about Mesos task states. */
public final class TaskStates {
  private TaskStates() {}

  /** True for the states a task never leaves. */
  public static boolean isTerminal(TaskState state) {
    return switch (state) {
      case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_LOST, TASK_ERROR, TASK_DROPPED, TASK_GONE,
          TASK_GONE_BY_OPERATOR -> true;
      default -> false;
    };
  }

  /** Now as Mesos writes it in TaskStatus.timestamp: seconds since the epoch. */
  public static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}
