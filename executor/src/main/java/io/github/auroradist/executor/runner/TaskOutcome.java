package io.github.auroradist.executor.runner;

import io.github.auroradist.common.thermos.checkpoint.TaskState;
import java.util.Optional;

/** How a task ended: SUCCESS, FAILED, KILLED or LOST, why, and which process failed when one did. */
public record TaskOutcome(TaskState state, String message, Optional<String> failedProcess) {
  public static TaskOutcome success() {
    return new TaskOutcome(TaskState.SUCCESS, "Task finished successfully", Optional.empty());
  }
}
