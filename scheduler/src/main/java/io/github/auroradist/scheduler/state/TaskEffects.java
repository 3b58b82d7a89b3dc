package io.github.auroradist.scheduler.state;

import io.github.auroradist.common.model.ScheduledTask;
import java.time.Duration;

/**
 * Receives the side effects of committed state changes that reach outside storage: kills sent to
 * Mesos and timers. Called after the transaction is committed, never inside it.
 */
public interface TaskEffects {
  /** Ask the cluster to kill the task (it is in KILLING, PREEMPTING, RESTARTING, DRAINING, or terminal). */
  void kill(ScheduledTask task);

  /** The task entered a transient state; time it out if it stays there. */
  void watchTransient(ScheduledTask task);

  /** The task is THROTTLED; move it to PENDING after {@code penalty}. */
  void startBackoff(ScheduledTask task, Duration penalty);

  /** New PENDING tasks exist (a hint for the offer matcher to revive offers). */
  default void tasksPending() {
  }

  TaskEffects NONE = new TaskEffects() {
    @Override
    public void kill(ScheduledTask task) {
    }

    @Override
    public void watchTransient(ScheduledTask task) {
    }

    @Override
    public void startBackoff(ScheduledTask task, Duration penalty) {
    }
  };
}
