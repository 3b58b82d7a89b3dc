package io.github.auroradist.scheduler.updates;

import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateAction;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each instance of an update is in one direction, read back from the update's instance events: the events
 * are the update's memory, so a scheduler that takes over carries on where the last one stopped.
 */
final class UpdateProgress {
  /** An instance's place in one direction of an update. */
  enum State { NOT_STARTED, WORKING, SUCCEEDED, FAILED }

  /** The instance actions of one direction: when it starts on an instance, and how the instance ends. */
  enum Direction {
    FORWARD(JobUpdateAction.INSTANCE_UPDATING, JobUpdateAction.INSTANCE_UPDATED,
        JobUpdateAction.INSTANCE_UPDATE_FAILED),
    BACK(JobUpdateAction.INSTANCE_ROLLING_BACK, JobUpdateAction.INSTANCE_ROLLED_BACK,
        JobUpdateAction.INSTANCE_ROLLBACK_FAILED);

    final JobUpdateAction working;
    final JobUpdateAction succeeded;
    final JobUpdateAction failed;

    Direction(JobUpdateAction working, JobUpdateAction succeeded, JobUpdateAction failed) {
      this.working = working;
      this.succeeded = succeeded;
      this.failed = failed;
    }

    JobUpdateAction action(State state) {
      return switch (state) {
        case WORKING -> working;
        case SUCCEEDED -> succeeded;
        case FAILED -> failed;
        case NOT_STARTED -> throw new IllegalArgumentException("no action starts nothing");
      };
    }
  }

  private final Map<Integer, State> states = new HashMap<>();
  private final Map<Integer, Long> since = new HashMap<>();

  UpdateProgress(Iterable<JobInstanceUpdateEvent> events, Direction direction) {
    for (JobInstanceUpdateEvent e : events) {
      if (e.action() == direction.working) {
        states.put(e.instanceId(), State.WORKING);
        since.putIfAbsent(e.instanceId(), e.timestampMs());
      } else if (e.action() == direction.succeeded) {
        states.put(e.instanceId(), State.SUCCEEDED);
      } else if (e.action() == direction.failed) {
        states.put(e.instanceId(), State.FAILED);
      }
    }
  }

  State state(int instance) {
    return states.getOrDefault(instance, State.NOT_STARTED);
  }

  /** When this direction started working on the instance (0 when it has not). */
  long since(int instance) {
    return since.getOrDefault(instance, 0L);
  }

  /** Records a change made in this evaluation, so later decisions in it see it. */
  void set(int instance, State state, long now) {
    states.put(instance, state);
    if (state == State.WORKING) {
      since.putIfAbsent(instance, now);
    }
  }

  /** The instances this direction has started on. */
  Set<Integer> touched() {
    return new TreeSet<>(states.keySet());
  }

  boolean finished(int instance) {
    State s = state(instance);
    return s == State.SUCCEEDED || s == State.FAILED;
  }
}
