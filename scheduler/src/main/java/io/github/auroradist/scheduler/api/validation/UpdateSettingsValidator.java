package io.github.auroradist.scheduler.api.validation;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an update's settings (a job's {@code update_config}), every problem at once; each names the field, the
 * {@code UpdateConfig} name users write, and what is allowed.
 */
public final class UpdateSettingsValidator {
  private static final String S = "settings.";

  private UpdateSettingsValidator() {
  }

  /** The problems of {@code settings} for a proposed job of {@code instanceCount} instances. */
  public static List<Problem> problems(JobUpdateSettings settings, int instanceCount) {
    List<Problem> problems = new ArrayList<>();
    if (settings == null) {
      problems.add(new Problem("settings", "give the update settings (the job's update_config)"));
      return problems;
    }
    // With a strategy its group sizes rule; updateGroupSize is the older form of the same.
    if (settings.updateStrategy() == null && settings.updateGroupSize() < 1) {
      problems.add(new Problem(S + "updateGroupSize", "must be at least 1 (batch_size), was "
          + settings.updateGroupSize()));
    }
    if (settings.maxPerInstanceFailures() < 0) {
      problems.add(new Problem(S + "maxPerInstanceFailures", "cannot be negative (max_per_shard_failures), was "
          + settings.maxPerInstanceFailures()));
    }
    if (settings.maxFailedInstances() < 0) {
      problems.add(new Problem(S + "maxFailedInstances", "cannot be negative (max_total_failures), was "
          + settings.maxFailedInstances()));
    }
    if (settings.minWaitInInstanceRunningMs() < 0) {
      problems.add(new Problem(S + "minWaitInInstanceRunningMs", "cannot be negative (watch_secs), was "
          + settings.minWaitInInstanceRunningMs()));
    }
    if (settings.blockIfNoPulsesAfterMs() != null && settings.blockIfNoPulsesAfterMs() <= 0) {
      problems.add(new Problem(S + "blockIfNoPulsesAfterMs", "must be more than 0 (pulse_interval_secs), was "
          + settings.blockIfNoPulsesAfterMs() + "; leave it out for an update that needs no pulses"));
    }
    strategyProblems(settings.updateStrategy(), problems);
    InstanceRanges only = settings.updateOnlyTheseInstances();
    if (only != null) {
      if (only.isEmpty()) {
        problems.add(new Problem(S + "updateOnlyTheseInstances", "names no instance; name some (KEY/0-1) or"
            + " leave it out to update every instance"));
      } else if (instanceCount > 0 && only.ranges().get(only.ranges().size() - 1).last() >= instanceCount) {
        problems.add(new Problem(S + "updateOnlyTheseInstances", "instances " + only + " reach past the proposed"
            + " job's " + instanceCount + " instance(s) (0 to " + (instanceCount - 1) + "); name only those"));
      }
    }
    return problems;
  }

  private static void strategyProblems(JobUpdateStrategy strategy, List<Problem> problems) {
    if (strategy == null) {
      return;
    }
    String field = S + "updateStrategy";
    if (strategy.kind() == null) {
      problems.add(new Problem(field + ".kind", "give QUEUE, BATCH or VARIABLE_BATCH"));
      return;
    }
    if (strategy.groupSizes().isEmpty()) {
      problems.add(new Problem(field + ".groupSizes", "give at least one group size (batch_size, or"
          + " batch_sizes for VARIABLE_BATCH)"));
    } else if (strategy.groupSizes().stream().anyMatch(size -> size < 1)) {
      problems.add(new Problem(field + ".groupSizes", "every group size must be at least 1, was "
          + strategy.groupSizes()));
    } else if (strategy.kind() != JobUpdateStrategy.Kind.VARIABLE_BATCH && strategy.groupSizes().size() > 1) {
      problems.add(new Problem(field + ".groupSizes", strategy.kind() + " takes one size, got "
          + strategy.groupSizes() + "; use VARIABLE_BATCH for sizes that change"));
    }
    if (strategy.kind() == JobUpdateStrategy.Kind.QUEUE && strategy.autopauseAfterBatch()) {
      problems.add(new Problem(field + ".autopauseAfterBatch", "a QUEUE has no batches to pause after; use BATCH"
          + " or VARIABLE_BATCH"));
    }
  }
}
