package io.github.auroradist.common.model.update;

import java.util.EnumSet;
import java.util.Set;

/** The states of a job update, as Aurora names them. */
public enum JobUpdateStatus {
  ROLLING_FORWARD,
  ROLLING_BACK,
  ROLL_FORWARD_PAUSED,
  ROLL_BACK_PAUSED,
  ROLLED_FORWARD,
  ROLLED_BACK,
  /** Stopped by a user; instances are left as they are. */
  ABORTED,
  /** Stopped by the scheduler because it could not go on (a bug or lost state). */
  ERROR,
  /** Past its failure limits with rollback off, or its rollback failed. */
  FAILED,
  /** A coordinated update waiting for its first or next pulse. */
  ROLL_FORWARD_AWAITING_PULSE,
  ROLL_BACK_AWAITING_PULSE;

  /** States in which the update still owns its job: a job has at most one update in these. */
  public static final Set<JobUpdateStatus> ACTIVE = Set.copyOf(EnumSet.of(ROLLING_FORWARD, ROLLING_BACK,
      ROLL_FORWARD_PAUSED, ROLL_BACK_PAUSED, ROLL_FORWARD_AWAITING_PULSE, ROLL_BACK_AWAITING_PULSE));
  public static final Set<JobUpdateStatus> TERMINAL = Set.copyOf(EnumSet.of(ROLLED_FORWARD, ROLLED_BACK,
      ABORTED, ERROR, FAILED));

  public boolean isActive() {
    return ACTIVE.contains(this);
  }

  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }
}
