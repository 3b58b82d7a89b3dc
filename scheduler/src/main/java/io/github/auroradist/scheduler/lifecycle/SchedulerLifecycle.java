package io.github.auroradist.scheduler.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one scheduler is in its life (see {@link LifecycleState}, which says what may follow what). Every part
 * asks here whether it may act (accept a write, start leader work) instead of keeping its own flag, and waits
 * here for a state to come.
 */
public final class SchedulerLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLifecycle.class);

  private final Duration maxRegistrationDelay;
  private LifecycleState state = LifecycleState.IDLE;
  /** When the current state began (System.nanoTime). */
  private long since = System.nanoTime();

  /** @param maxRegistrationDelay how long a leader may be without a Mesos registration (-max_registration_delay) */
  public SchedulerLifecycle(Duration maxRegistrationDelay) {
    this.maxRegistrationDelay = maxRegistrationDelay;
  }

  public synchronized LifecycleState state() {
    return state;
  }

  /**
   * Changes to {@code to}.
   *
   * @throws IllegalStateException when {@link LifecycleState#next} does not allow it (for example, leader work that
   *     finds the scheduler stopping)
   */
  public synchronized void changeTo(LifecycleState to) {
    if (!state.canChangeTo(to)) {
      throw new IllegalStateException("the scheduler cannot go from " + state + " to " + to);
    }
    change(to);
  }

  /** Changes to {@code to} if the scheduler is in a state {@code from} accepts and may go there; says whether. */
  public synchronized boolean changeIf(Predicate<LifecycleState> from, LifecycleState to) {
    if (!from.test(state) || !state.canChangeTo(to)) {
      return false;
    }
    change(to);
    return true;
  }

  private void change(LifecycleState to) {
    LOG.info("Scheduler {} -> {}", state, to);
    state = to;
    since = System.nanoTime();
    notifyAll();
  }

  /** Starts stopping; true only for the one caller that is to close the parts (false when already stopping). */
  public synchronized boolean beginStopping() {
    return changeIf(s -> !s.isStopping(), LifecycleState.STOPPING);
  }

  /** Runs {@code action} unless the scheduler is stopping, so that stopping waits for it; says whether it ran. */
  public synchronized boolean unlessStopping(Runnable action) {
    if (state.isStopping()) {
      return false;
    }
    action.run();
    return true;
  }

  /** Waits until the state satisfies {@code condition}; false when {@code timeout} passed first. */
  public synchronized boolean await(Predicate<LifecycleState> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(state)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Whether this scheduler takes writes now (see {@link LifecycleState#acceptsWrites}). */
  public synchronized boolean acceptsWrites() {
    return state.acceptsWrites();
  }

  /** Why this scheduler is wedged, if it is: a leader without a Mesos registration for too long. */
  public synchronized Optional<String> wedged() {
    Duration waiting = Duration.ofNanos(System.nanoTime() - since);
    if (state != LifecycleState.LEADER_AWAITING_REGISTRATION || waiting.compareTo(maxRegistrationDelay) <= 0) {
      return Optional.empty();
    }
    return Optional.of("this leader has not been registered with Mesos for " + waiting.toSeconds() + " s (longer"
        + " than -max_registration_delay=" + maxRegistrationDelay.toSeconds() + "secs)");
  }
}
