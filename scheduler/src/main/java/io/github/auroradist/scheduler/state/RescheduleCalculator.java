package io.github.auroradist.scheduler.state;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a replacement task waits (THROTTLED) and for how long. A task that ran for less
 * than the flapping threshold flapped; its replacement is held back, twice as long each time in a
 * row, from the initial up to the maximum delay. The previous penalty comes from the ended task's
 * own THROTTLED period, so the decision uses only stored data and survives failover.
 */
public final class RescheduleCalculator {
  /** Settings, as the -flapping_task_threshold, -initial_flapping_task_delay and -max_flapping_task_delay flags. */
  public record Settings(Duration flappingThreshold, Duration initialFlappingDelay, Duration maxFlappingDelay) {
    public static final Settings DEFAULTS =
        new Settings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  private final Settings settings;

  public RescheduleCalculator(Settings settings) {
    this.settings = settings;
  }

  /** The penalty for the replacement of {@code ended}, or empty when it may be scheduled at once. */
  public Optional<Duration> flappingPenalty(ScheduledTask ended, long nowMillis) {
    List<TaskEvent> events = ended.taskEvents();
    // Ended on purpose (restart, preemption, drain): it did not flap.
    if (events.stream().anyMatch(e -> TaskStateMachine.KILL_REQUESTED.contains(e.status()))) {
      return Optional.empty();
    }
    Long runningSince = null;
    for (TaskEvent e : events) {
      if (e.status() == ScheduleStatus.RUNNING && runningSince == null) {
        runningSince = e.timestamp();
      }
    }
    if (runningSince == null) {
      return Optional.empty(); // never ran: a placement or launch problem, not flapping
    }
    long ran = nowMillis - runningSince;
    if (ran >= settings.flappingThreshold().toMillis()) {
      return Optional.empty();
    }
    Duration previous = previousPenalty(events);
    Duration next = previous == null ? settings.initialFlappingDelay() : previous.multipliedBy(2);
    if (next.compareTo(settings.maxFlappingDelay()) > 0) {
      next = settings.maxFlappingDelay();
    }
    return Optional.of(next);
  }

  private static Duration previousPenalty(List<TaskEvent> events) {
    Long throttledAt = null;
    for (TaskEvent e : events) {
      if (e.status() == ScheduleStatus.THROTTLED) {
        throttledAt = e.timestamp();
      } else if (e.status() == ScheduleStatus.PENDING && throttledAt != null) {
        return Duration.ofMillis(e.timestamp() - throttledAt);
      }
    }
    return null;
  }
}
