package io.github.auroradist.scheduler.lifecycle;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of one scheduler, from start to stop, and the one place that says which changes are legal. A
 * scheduler that loses leadership does not go back to following: it stops, and its process starts a fresh one.
 */
public enum LifecycleState {
  /** Created; nothing started. */
  IDLE,
  /** Opening the replicated log and replaying what this peer holds of it into the stores. */
  PREPARING_STORAGE,
  /** Serving reads (marked stale) while it learns everything committed before it started. */
  CATCHING_UP,
  /** Holding every committed change and following the log's leader (or waiting for one): reads only. */
  FOLLOWING,
  /** Leads the log: commits the term's first write, loads a staged backup, records its address, re-arms timers. */
  TAKING_LEADERSHIP,
  /** Leads and accepts writes; registering with Mesos (first, or again after the subscription broke). */
  LEADER_AWAITING_REGISTRATION,
  /** Leads, accepts writes and is registered with Mesos. */
  ACTIVE,
  /** Closing its parts: it stopped leading, its log failed, or its process is stopping. */
  STOPPING,
  /** Closed. */
  DEAD;

  /** The states this one may change to. */
  public Set<LifecycleState> next() {
    return switch (this) {
      case IDLE -> EnumSet.of(PREPARING_STORAGE, STOPPING);
      case PREPARING_STORAGE -> EnumSet.of(CATCHING_UP, STOPPING);
      case CATCHING_UP -> EnumSet.of(FOLLOWING, TAKING_LEADERSHIP, STOPPING);
      case FOLLOWING -> EnumSet.of(TAKING_LEADERSHIP, STOPPING);
      case TAKING_LEADERSHIP -> EnumSet.of(LEADER_AWAITING_REGISTRATION, STOPPING);
      case LEADER_AWAITING_REGISTRATION -> EnumSet.of(ACTIVE, STOPPING);
      case ACTIVE -> EnumSet.of(LEADER_AWAITING_REGISTRATION, STOPPING);
      case STOPPING -> EnumSet.of(DEAD);
      case DEAD -> EnumSet.noneOf(LifecycleState.class);
    };
  }

  public boolean canChangeTo(LifecycleState to) {
    return next().contains(to);
  }

  /** This peer leads the log (whether or not it accepts writes yet). */
  public boolean leadsTheLog() {
    return this == TAKING_LEADERSHIP || this == LEADER_AWAITING_REGISTRATION || this == ACTIVE;
  }

  /** This scheduler takes writes: it leads, its term's first write is committed and a staged backup is loaded. */
  public boolean acceptsWrites() {
    return this == LEADER_AWAITING_REGISTRATION || this == ACTIVE;
  }

  /** Stopping or stopped. */
  public boolean isStopping() {
    return this == STOPPING || this == DEAD;
  }
}
