package io.github.auroradist.common.model.update;

import io.github.auroradist.common.model.InstanceRanges;

/**
 * An update's settings, from the job's {@code update_config} ({@code UpdateConfig} in a {@code .aurora}
 * file); the field names are Aurora's.
 *
 * @param updateGroupSize {@code batch_size}
 * @param maxPerInstanceFailures {@code max_per_shard_failures}
 * @param maxFailedInstances {@code max_total_failures}
 * @param minWaitInInstanceRunningMs {@code watch_secs}, in milliseconds
 * @param rollbackOnFailure {@code rollback_on_failure}
 * @param updateOnlyTheseInstances the instances named on the command line ({@code KEY/0-1}), or null for all
 * @param waitForBatchCompletion {@code wait_for_batch_completion}
 * @param blockIfNoPulsesAfterMs {@code pulse_interval_secs}, in milliseconds, or null when not coordinated
 * @param slaAware {@code sla_aware}
 * @param updateStrategy {@code update_strategy}; derived from the fields above when the config names none
 */
public record JobUpdateSettings(
    int updateGroupSize,
    int maxPerInstanceFailures,
    int maxFailedInstances,
    int minWaitInInstanceRunningMs,
    boolean rollbackOnFailure,
    InstanceRanges updateOnlyTheseInstances,
    boolean waitForBatchCompletion,
    Long blockIfNoPulsesAfterMs,
    boolean slaAware,
    JobUpdateStrategy updateStrategy) {}
