package io.github.auroradist.common.model.update;

/** An update: its summary and its instructions. */
public record JobUpdate(JobUpdateSummary summary, JobUpdateInstructions instructions) {}
