package io.github.auroradist.common.model.update;

/**
 * The answer to starting an update: the new update's summary, or, when the job already is as requested,
 * no summary and a message saying so (Aurora's no-op update).
 */
public record StartJobUpdateResult(JobUpdateSummary summary, String message) {}
