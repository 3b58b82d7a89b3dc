package io.github.auroradist.common.model;

/**
 * Which executor runs the task and what it is told. {@code data} is an opaque string for the
 * executor (for Thermos, the task as Pystachio JSON); the scheduler stores and forwards it unread.
 */
public record ExecutorConfig(String name, String data) {
  public static final String THERMOS = "AuroraExecutor";
}
