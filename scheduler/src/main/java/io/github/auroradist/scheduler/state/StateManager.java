package io.github.auroradist.scheduler.state;

import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage.MutableStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns task state changes into storage ops, following {@link TaskStateMachine}. Every method runs
 * inside a {@code Storage.write}; effects outside storage ({@link TaskEffects}) run after commit.
 */
public final class StateManager {
  private static final Logger LOG = LoggerFactory.getLogger(StateManager.class);

  private final Clock clock;
  private final String schedulerHost;
  private final RescheduleCalculator rescheduler;
  private final TaskEffects effects;

  public StateManager(Clock clock, String schedulerHost, RescheduleCalculator rescheduler, TaskEffects effects) {
    this.clock = clock;
    this.schedulerHost = schedulerHost;
    this.rescheduler = rescheduler;
    this.effects = effects;
  }

  /** Creates one PENDING task per instance id. */
  public List<ScheduledTask> insertPendingTasks(MutableStore store, TaskConfig config, Set<Integer> instanceIds) {
    List<ScheduledTask> created = new ArrayList<>();
    for (int instance : new TreeSet<>(instanceIds)) {
      AssignedTask assigned = new AssignedTask(TaskIds.newId(config.job(), instance), null, null, config, Map.of(),
          instance);
      ScheduledTask task = new ScheduledTask(assigned, ScheduleStatus.INIT, 0, List.of(), null);
      created.add(enter(store, task, ScheduleStatus.PENDING, null));
    }
    return created;
  }

  /**
   * Moves a task to {@code to} if the lifecycle allows it (and, when {@code expected} is given, only
   * if the task is in that state). Unknown task ids yield an ILLEGAL result from INIT.
   */
  public TransitionResult changeState(MutableStore store, String taskId, Optional<ScheduleStatus> expected,
      ScheduleStatus to, String message) {
    Optional<ScheduledTask> found = store.task(taskId);
    if (found.isEmpty()) {
      return new TransitionResult(ScheduleStatus.INIT, to, TransitionResult.Outcome.ILLEGAL, Set.of());
    }
    ScheduledTask task = found.get();
    if (expected.isPresent() && expected.get() != task.status()) {
      return new TransitionResult(task.status(), to, TransitionResult.Outcome.ILLEGAL, Set.of());
    }
    return apply(store, task, to, message);
  }

  /** Places a PENDING task on an agent: it becomes ASSIGNED with its host and ports. */
  public Optional<ScheduledTask> assignTask(MutableStore store, String taskId, String agentId, String agentHost,
      Map<String, Integer> ports) {
    Optional<ScheduledTask> found = store.task(taskId);
    if (found.isEmpty() || found.get().status() != ScheduleStatus.PENDING) {
      return Optional.empty();
    }
    ScheduledTask placed = found.get().withAssignedTask(found.get().assignedTask().placed(agentId, agentHost, ports));
    TransitionResult result = apply(store, placed, ScheduleStatus.ASSIGNED, null);
    return result.allowed() ? store.task(taskId) : Optional.empty();
  }

  /** Removes tasks from storage outright (pruning history). */
  public void deleteTasks(MutableStore store, Set<String> taskIds) {
    if (!taskIds.isEmpty()) {
      store.add(new Op.RemoveTasks(taskIds));
    }
  }

  private TransitionResult apply(MutableStore store, ScheduledTask task, ScheduleStatus to, String message) {
    TaskConfig config = task.assignedTask().task();
    TransitionResult result = TaskStateMachine.evaluate(task.status(), to,
        new TaskStateMachine.TaskFacts(config.isService(), task.failureCount(), config.maxTaskFailures()));
    if (!result.allowed()) {
      if (result.outcome() == TransitionResult.Outcome.ILLEGAL) {
        LOG.info("Refused {} -> {} for {}", task.status(), to, task.taskId());
      }
      if (result.has(SideEffect.KILL)) {
        store.afterCommit(() -> effects.kill(task));
      }
      return result;
    }
    if (result.has(SideEffect.DELETE)) {
      store.add(new Op.RemoveTasks(Set.of(task.taskId())));
      return result;
    }
    long now = clock.millis();
    ScheduledTask updated = task.withStatus(to, new TaskEvent(now, to, message, schedulerHost));
    if (result.has(SideEffect.INCREMENT_FAILURES)) {
      updated = updated.withFailureCount(updated.failureCount() + 1);
    }
    store.add(new Op.SaveTasks(List.of(updated)));
    ScheduledTask saved = updated;
    if (result.has(SideEffect.KILL)) {
      store.afterCommit(() -> effects.kill(saved));
    }
    if (result.has(SideEffect.WATCH_TRANSIENT)) {
      store.afterCommit(() -> effects.watchTransient(saved));
    }
    if (to == ScheduleStatus.PENDING) {
      store.afterCommit(effects::tasksPending);
    }
    if (result.has(SideEffect.RESCHEDULE)) {
      reschedule(store, saved);
    }
    return result;
  }

  private void reschedule(MutableStore store, ScheduledTask ended) {
    Optional<Duration> penalty = rescheduler.flappingPenalty(ended);
    AssignedTask old = ended.assignedTask();
    AssignedTask fresh = new AssignedTask(TaskIds.newId(old.task().job(), old.instanceId()), null, null, old.task(),
        Map.of(), old.instanceId());
    ScheduledTask replacement = new ScheduledTask(fresh, ScheduleStatus.INIT, ended.failureCount(), List.of(),
        ended.taskId());
    String why = "Rescheduled after " + ended.taskId() + " ended " + ended.status();
    if (penalty.isPresent()) {
      ScheduledTask throttled = enter(store, replacement, ScheduleStatus.THROTTLED,
          why + "; it flapped, so it waits " + penalty.get().toSeconds() + "s");
      Duration wait = penalty.get();
      store.afterCommit(() -> effects.startBackoff(throttled, wait));
    } else {
      enter(store, replacement, ScheduleStatus.PENDING, why);
    }
  }

  private ScheduledTask enter(MutableStore store, ScheduledTask task, ScheduleStatus to, String message) {
    ScheduledTask entered = task.withStatus(to, new TaskEvent(clock.millis(), to, message, schedulerHost));
    store.add(new Op.SaveTasks(List.of(entered)));
    if (to == ScheduleStatus.PENDING) {
      store.afterCommit(effects::tasksPending);
    }
    return entered;
  }
}
