package io.github.auroradist.scheduler.state;

/**
 * What a task state change asks the rest of the scheduler to do. The state machine only names the
 * effects; the state manager turns them into storage ops and driver calls inside one transaction.
 */
public enum SideEffect {
  /** Store the task in its new state (with an event). */
  SAVE_STATE,
  /** Ask Mesos to kill the task (and retry until it is gone). */
  KILL,
  /** Create a replacement task for the same instance (PENDING, or THROTTLED when flapping). */
  RESCHEDULE,
  /** Count one more failure for the instance (carried over to the replacement). */
  INCREMENT_FAILURES,
  /** Remove the task from storage (it never ran, so there is no history to keep). */
  DELETE,
  /** Start the back-off timer that moves a THROTTLED task to PENDING. */
  START_BACKOFF,
  /** Watch the task: if it stays in this transient state too long it becomes LOST (or is re-killed). */
  WATCH_TRANSIENT
}
