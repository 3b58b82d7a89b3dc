package io.github.auroradist.common.model;

import java.util.EnumSet;
import java.util.Set;

/** The states of a task, as Aurora names them. */
public enum ScheduleStatus {
  /** Being created; never stored. */
  INIT,
  /** Waiting for an offer that fits. */
  PENDING,
  /** Waiting out a back-off before becoming PENDING again (flapping). */
  THROTTLED,
  /** Launched on an agent; no status from the agent yet. */
  ASSIGNED,
  /** The executor is setting the task up. */
  STARTING,
  RUNNING,
  FINISHED,
  FAILED,
  /** A kill was sent; waiting for the agent to confirm. */
  KILLING,
  KILLED,
  LOST,
  /** Being killed to make room for a more important task; rescheduled afterwards. */
  PREEMPTING,
  /** Being killed to be restarted (rescheduled afterwards). */
  RESTARTING,
  /** Being killed because its host is drained (rescheduled afterwards). */
  DRAINING,
  /** The agent is unreachable; the task may come back. */
  PARTITIONED;

  public static final Set<ScheduleStatus> ACTIVE = Set.copyOf(EnumSet.of(PENDING, THROTTLED, ASSIGNED,
      STARTING, RUNNING, KILLING, PREEMPTING, RESTARTING, DRAINING, PARTITIONED));
  public static final Set<ScheduleStatus> TERMINAL = Set.copyOf(EnumSet.of(FINISHED, FAILED, KILLED, LOST));
  /** States in which the task is (or may be) on an agent. */
  public static final Set<ScheduleStatus> SLAVE_ASSIGNED = Set.copyOf(EnumSet.of(ASSIGNED, STARTING, RUNNING,
      KILLING, PREEMPTING, RESTARTING, DRAINING, PARTITIONED));

  public boolean isActive() {
    return ACTIVE.contains(this);
  }

  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }
}
