package io.github.auroradist.scheduler.state;

import io.github.auroradist.common.model.ScheduleStatus;
import java.util.Set;

/** The verdict on one requested state change, and what it asks for. */
public record TransitionResult(ScheduleStatus from, ScheduleStatus to, Outcome outcome, Set<SideEffect> sideEffects) {
  public enum Outcome {
    /** The task moves to {@code to}. */
    ALLOWED,
    /** Already in {@code to}; nothing changes. */
    NOOP,
    /** The state machine does not allow the change; the task keeps its state (side effects may still apply). */
    ILLEGAL
  }

  public TransitionResult {
    sideEffects = Set.copyOf(sideEffects);
  }

  public boolean allowed() {
    return outcome == Outcome.ALLOWED;
  }

  public boolean has(SideEffect effect) {
    return sideEffects.contains(effect);
  }
}
