package io.github.auroradist.scheduler.state;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a replacement task waits (THROTTLED) and for how long, as Aurora does. A task flapped when it
 * ended within the flapping threshold of the last time it became active, whatever state it reached (ASSIGNED,
 * STARTING or RUNNING: a task whose executor exits at once flaps too), unless the scheduler stopped it on
 * purpose (a kill, restart, preemption or drain). Unlike Aurora, a partition does not count as becoming active:
 * a task that ran for hours and was lost with its agent (PARTITIONED, then LOST as its job's partition policy
 * says) did not flap. The replacement of a flapped task waits the initial delay, or twice as long as the flapped
 * task itself waited when it was the replacement of a flapped task, up to the maximum. Only the ended task's own
 * events count, so the decision survives failover and history pruning.
 */
public final class RescheduleCalculator {
  /** Settings, as the -flapping_task_threshold, -initial_flapping_task_delay and -max_flapping_task_delay flags. */
  public record Settings(Duration flappingThreshold, Duration initialFlappingDelay, Duration maxFlappingDelay) {
    public static final Settings DEFAULTS =
        new Settings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  /** The states in which a task starts to run on an agent: the flapping threshold counts from the last one. */
  private static final Set<ScheduleStatus> BECOMING_ACTIVE =
      Set.of(ScheduleStatus.ASSIGNED, ScheduleStatus.STARTING, ScheduleStatus.RUNNING);

  private final Settings settings;

  public RescheduleCalculator(Settings settings) {
    this.settings = settings;
  }

  /** The penalty for the replacement of {@code ended} (its last event is the terminal one), or empty for none. */
  public Optional<Duration> flappingPenalty(ScheduledTask ended) {
    List<TaskEvent> events = ended.taskEvents();
    if (events.isEmpty() || !events.get(events.size() - 1).status().isTerminal()) {
      return Optional.empty();
    }
    // Ended on purpose (restart, preemption, drain): it did not flap.
    if (events.stream().anyMatch(e -> TaskStateMachine.KILL_REQUESTED.contains(e.status()))) {
      return Optional.empty();
    }
    long endedAt = events.get(events.size() - 1).timestamp();
    Optional<TaskEvent> lastActive = events.subList(0, events.size() - 1).stream()
        .filter(e -> BECOMING_ACTIVE.contains(e.status())).reduce((first, second) -> second);
    if (lastActive.isEmpty() || endedAt - lastActive.get().timestamp() >= settings.flappingThreshold().toMillis()) {
      return Optional.empty();
    }
    Duration next = waited(events).map(w -> w.multipliedBy(2)).orElse(settings.initialFlappingDelay());
    return Optional.of(next.compareTo(settings.maxFlappingDelay()) > 0 ? settings.maxFlappingDelay() : next);
  }

  /** How long the task waited THROTTLED before it became PENDING, if it was throttled. */
  private static Optional<Duration> waited(List<TaskEvent> events) {
    Long throttledAt = null;
    for (TaskEvent e : events) {
      if (e.status() == ScheduleStatus.THROTTLED) {
        throttledAt = e.timestamp();
      } else if (e.status() == ScheduleStatus.PENDING && throttledAt != null) {
        return Optional.of(Duration.ofMillis(e.timestamp() - throttledAt));
      }
    }
    return Optional.empty();
  }

  /**
   * The penalty a THROTTLED task waits: its ancestor's, recomputed from the stored ancestor (after a restart or
   * failover), or the initial delay when the ancestor is no longer stored.
   */
  public Duration penaltyAfter(Optional<ScheduledTask> ancestor) {
    return ancestor.flatMap(this::flappingPenalty).orElse(settings.initialFlappingDelay());
  }
}
