package io.github.auroradist.common.model.update;

/** A step of one instance in an update. */
public record JobInstanceUpdateEvent(int instanceId, long timestampMs, JobUpdateAction action) {}
