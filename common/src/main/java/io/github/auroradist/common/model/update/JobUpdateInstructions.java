package io.github.auroradist.common.model.update;

import java.util.List;

/**
 * Where an update starts and where it goes: each configuration the job's instances had when it began, and
 * the configuration and instances it should end with ({@code desiredState} is null when every instance
 * in scope is removed).
 */
public record JobUpdateInstructions(
    List<InstanceTaskConfig> initialState,
    InstanceTaskConfig desiredState,
    JobUpdateSettings settings) {
  public JobUpdateInstructions {
    initialState = initialState == null ? List.of() : List.copyOf(initialState);
  }
}
