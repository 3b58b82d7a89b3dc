package io.github.auroradist.scheduler.state;

import io.github.auroradist.common.model.PartitionPolicy;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timed parts of the lifecycle: THROTTLED tasks become PENDING after their back-off, tasks
 * stuck in a transient state become LOST, and kills are sent again (with doubling waits) until the
 * task is gone. Timers are in memory; {@link #rearm} recreates them from stored tasks after a start.
 */
public final class TaskTimers implements TaskEffects {
  private static final Logger LOG = LoggerFactory.getLogger(TaskTimers.class);
  private static final Duration MAX_KILL_RETRY = Duration.ofMinutes(5);

  /** From the flags -transient_task_state_timeout and -initial_task_kill_retry_interval. */
  public record Settings(Duration transientTimeout, Duration initialKillRetry) {
  }


  private final Storage storage;
  private final ScheduledExecutorService executor;
  private final Settings settings;
  private final RescheduleCalculator rescheduler;
  private final Clock clock;
  private volatile StateManager stateManager;
  private volatile Consumer<ScheduledTask> killSender = t -> { };
  private volatile Runnable pendingListener = () -> { };

  public TaskTimers(Storage storage, ScheduledExecutorService executor, Settings settings,
      RescheduleCalculator rescheduler, Clock clock) {
    this.storage = storage;
    this.executor = executor;
    this.settings = settings;
    this.rescheduler = rescheduler;
    this.clock = clock;
  }

  /** Connects the parts created after the timers (they depend on each other). */
  public void connect(StateManager manager, Consumer<ScheduledTask> sendKill, Runnable onTasksPending) {
    this.stateManager = manager;
    this.killSender = sendKill;
    this.pendingListener = onTasksPending;
  }

  @Override
  public void kill(ScheduledTask task) {
    sendKill(task);
    scheduleKillRetry(task.taskId(), settings.initialKillRetry());
  }

  private void sendKill(ScheduledTask task) {
    try {
      killSender.accept(task);
    } catch (RuntimeException e) {
      LOG.warn("Could not send a kill for {} now ({}); it will be retried", task.taskId(), e.getMessage());
    }
  }

  private void scheduleKillRetry(String taskId, Duration wait) {
    later(wait, () -> {
      Optional<ScheduledTask> task = storage.read().task(taskId);
      if (task.isPresent() && TaskStateMachine.KILL_REQUESTED.contains(task.get().status())) {
        LOG.info("Task {} is still {}; sending the kill again", taskId, task.get().status());
        sendKill(task.get());
        Duration next = wait.multipliedBy(2);
        scheduleKillRetry(taskId, next.compareTo(MAX_KILL_RETRY) > 0 ? MAX_KILL_RETRY : next);
      }
    });
  }

  @Override
  public void watchTransient(ScheduledTask task) {
    boolean partitioned = task.status() == ScheduleStatus.PARTITIONED;
    PartitionPolicy policy = Optional.ofNullable(task.assignedTask().task().partitionPolicy())
        .orElse(PartitionPolicy.DEFAULT);
    if (partitioned && !policy.reschedule()) {
      // The job's partition policy says wait for the agent, however long: never replaced.
      LOG.info("Task {} is PARTITIONED; its partition policy keeps it until its agent is back", task.taskId());
      return;
    }
    Duration limit = partitioned ? Duration.ofSeconds(Math.max(0, policy.delaySecs()))
        : settings.transientTimeout();
    String why = partitioned
        ? "Agent unreachable; replaced after the partition policy's delay of " + limit.toSeconds() + "s"
        : "Task timed out in " + task.status() + " after " + limit.toSeconds() + "s";
    later(remaining(limit, task), () -> expireTransient(task, why, 0));
  }

  /**
   * Makes the task LOST if it is still in the state it was watched in. The timer is armed while the
   * transaction that entered that state is being committed, so a short timer can fire before the
   * state is visible: then it looks again shortly (for at most ten seconds: a transaction that
   * never committed leaves nothing to expire).
   */
  private void expireTransient(ScheduledTask watched, String why, int attempt) {
    Optional<ScheduledTask> now = storage.read().task(watched.taskId());
    if (now.isEmpty()) {
      return;
    }
    long since = watched.latestEventTime();
    if (now.get().latestEventTime() < since) {
      if (attempt < 50) {
        later(Duration.ofMillis(200), () -> expireTransient(watched, why, attempt + 1));
      }
    } else if (now.get().status() == watched.status() && now.get().latestEventTime() == since) {
      storage.write(s -> stateManager.changeState(s, watched.taskId(), Optional.of(watched.status()),
          ScheduleStatus.LOST, why));
    }
  }

  @Override
  public void startBackoff(ScheduledTask task, Duration penalty) {
    later(remaining(penalty, task), () -> storage.write(s -> stateManager.changeState(s, task.taskId(),
        Optional.of(ScheduleStatus.THROTTLED), ScheduleStatus.PENDING, "Back-off of " + penalty.toSeconds()
            + "s is over")));
  }

  @Override
  public void tasksPending() {
    try {
      pendingListener.run();
    } catch (RuntimeException e) {
      LOG.debug("Pending-task listener failed", e);
    }
  }

  /** Recreates the timers of stored tasks (after a restart or failover). */
  public void rearm() {
    for (ScheduledTask t : storage.read().tasks(t -> t.status().isActive())) {
      if (t.status() == ScheduleStatus.THROTTLED) {
        startBackoff(t, rescheduler.penaltyAfter(Optional.ofNullable(t.ancestorId()).flatMap(storage.read()::task)));
      }
      if (TaskStateMachine.TRANSIENT.contains(t.status())) {
        watchTransient(t);
      }
      if (TaskStateMachine.KILL_REQUESTED.contains(t.status())) {
        scheduleKillRetry(t.taskId(), settings.initialKillRetry());
      }
    }
  }

  /** What is left of {@code wait} counted from the task's latest event (nothing when it is over). */
  private Duration remaining(Duration wait, ScheduledTask task) {
    return Duration.ofMillis(Math.max(0, wait.toMillis() - (clock.millis() - task.latestEventTime())));
  }

  /** Runs {@code body} after {@code delay}; an exception it throws is logged. */
  private void later(Duration delay, Runnable body) {
    // Not kept: nothing waits for or cancels a task timer (each looks at the stored task when it fires), and its
    // failure is logged below.
    var unused = executor.schedule(() -> {
      try {
        body.run();
      } catch (RuntimeException e) {
        LOG.warn("A task timer failed", e);
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
