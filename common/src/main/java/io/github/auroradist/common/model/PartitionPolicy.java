package io.github.auroradist.common.model;

/**
 * What the scheduler does with a task whose agent it cannot reach (the task is PARTITIONED), as Aurora's
 * PartitionPolicy: with {@code reschedule} it is replaced by a new task once it has been partitioned
 * {@code delaySecs}; without, it waits for its agent to come back.
 */
public record PartitionPolicy(boolean reschedule, long delaySecs) {

  /** Aurora's default for a job that names none: replace at once. */
  public static final PartitionPolicy DEFAULT = new PartitionPolicy(true, 0);
}
