package io.github.auroradist.common.model.update;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.TaskConfig;

/** One task configuration and the instances that have (or should have) it. */
public record InstanceTaskConfig(TaskConfig task, InstanceRanges instances) {}
