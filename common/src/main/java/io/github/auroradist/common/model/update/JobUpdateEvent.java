package io.github.auroradist.common.model.update;

/** A change of an update's status: when, by whom (the scheduler for its own steps) and why. */
public record JobUpdateEvent(JobUpdateStatus status, long timestampMs, String user, String message) {}
