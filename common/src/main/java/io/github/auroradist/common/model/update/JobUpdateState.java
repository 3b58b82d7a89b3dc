package io.github.auroradist.common.model.update;

/** An update's current status and when it was created and last changed (milliseconds since the epoch). */
public record JobUpdateState(JobUpdateStatus status, long createdTimestampMs, long lastModifiedTimestampMs) {}
