package io.github.auroradist.common.model;

/** One entry of a task's history: when it entered {@code status}, why, and which scheduler saw it. */
public record TaskEvent(long timestamp, ScheduleStatus status, String message, String scheduler) {
}
