package io.github.auroradist.scheduler.maintenance;

import io.github.auroradist.common.model.SlaPolicy;

/**
 * An SLA-aware drain of one host, as stored: jobs without an SLA policy of their own keep {@code defaultSlaPolicy},
 * and whatever is still on the host at {@code deadline} (epoch millis) is killed regardless.
 */
public record SlaDrain(SlaPolicy defaultSlaPolicy, long deadline) {
}
