package io.github.auroradist.scheduler.api.validation;

import io.github.auroradist.scheduler.api.Tiers;
import java.util.regex.Pattern;

/** What the flags allow of a job: its environment, its instance count and its tier. */
public record JobRules(Pattern allowedEnvironments, int maxTasksPerJob, Tiers tiers) {
}
