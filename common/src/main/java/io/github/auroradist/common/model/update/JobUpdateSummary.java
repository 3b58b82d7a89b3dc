package io.github.auroradist.common.model.update;

/** One update in a list: its key, who started it, its state, and the message given when it started. */
public record JobUpdateSummary(JobUpdateKey key, String user, JobUpdateState state, String message) {}
