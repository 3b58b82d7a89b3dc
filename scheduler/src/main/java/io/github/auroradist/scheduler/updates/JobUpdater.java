package io.github.auroradist.scheduler.updates;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.update.InstanceTaskConfig;
import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdate;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateInstructions;
import io.github.auroradist.common.model.update.JobUpdateKey;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateState;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateStrategy;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.scheduler.sla.SlaCheck;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.Storage.MutableStore;
import io.github.auroradist.scheduler.storage.StoreView;
import io.github.auroradist.scheduler.updates.UpdateProgress.Direction;
import io.github.auroradist.scheduler.updates.UpdateProgress.State;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rolling job updates. Each step is one storage write: user actions (start, pause, resume, abort, rollback,
 * pulse) and {@link #evaluate}, which the leader runs on a timer and which moves every rolling update on from what
 * the stores hold now (its instance events and the job's tasks). Nothing else is kept between steps but the time
 * of each coordinated update's last pulse, so a new leader carries on an update where the last one stopped (a
 * coordinated one waits for its next pulse). Events made by the scheduler itself carry no user.
 */
public final class JobUpdater {
  private static final Logger LOG = LoggerFactory.getLogger(JobUpdater.class);

  /** What a pulse finds: the update still runs, or has ended (Aurora's JobUpdatePulseStatus). */
  public enum PulseStatus { OK, FINISHED }

  private final Storage storage;
  private final StateManager stateManager;
  private final SlaCheck sla;
  private final Clock clock;
  private final Map<String, Long> lastPulse = new ConcurrentHashMap<>();

  public JobUpdater(Storage storage, StateManager stateManager, SlaCheck sla, Clock clock) {
    this.storage = storage;
    this.stateManager = stateManager;
    this.sla = sla;
    this.clock = clock;
  }

  /**
   * Starts an update of {@code proposed} (a validated job), or returns empty when every instance in scope already
   * is as proposed. A job with an update under way is refused first; then {@code check} runs inside the write and
   * may refuse by throwing.
   */
  public Optional<JobUpdateSummary> start(JobConfiguration proposed, JobUpdateSettings settings, String user,
      String message, Consumer<StoreView> check) {
    JobKey job = proposed.key();
    JobUpdateSummary started = storage.write(store -> {
      // The conflict first: while an update replaces a job's only instance, the job has no active task for a moment.
      store.read().activeJobUpdate(job).ifPresent(active -> {
        JobUpdateSummary s = active.update().summary();
        throw new UpdateRefusedException(UpdateRefusedException.Reason.CONFLICT, "job " + job
            + " already has an update under way: " + s.key().id() + " (" + s.state().status() + "); wait for it to"
            + " finish, or stop it first with 'aurora update pause' or 'aurora update abort'");
      });
      check.accept(store.read());
      JobUpdateInstructions instructions = new JobUpdateInstructions(
          UpdatePlan.grouped(UpdatePlan.currentConfigs(store.read(), job)),
          new InstanceTaskConfig(proposed.taskConfig(),
              new InstanceRanges(List.of(new InstanceRanges.Range(0, proposed.instanceCount() - 1)))),
          settings);
      if (UpdatePlan.forward(instructions).isEmpty()) {
        return null;
      }
      long now = clock.millis();
      JobUpdateStatus first = settings.blockIfNoPulsesAfterMs() != null
          ? JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE : JobUpdateStatus.ROLLING_FORWARD;
      JobUpdateSummary summary = new JobUpdateSummary(new JobUpdateKey(job, UUID.randomUUID().toString()), user,
          new JobUpdateState(first, now, now), message);
      store.add(new Op.SaveJobUpdate(new JobUpdate(summary, instructions)));
      store.add(new Op.SaveJobUpdateEvent(summary.key(), new JobUpdateEvent(first, now, user, message)));
      return summary;
    });
    if (started == null) {
      return Optional.empty();
    }
    LOG.info("Job update {} started by {}", started.key(), user);
    evaluate(started.key().id());
    return Optional.of(started);
  }

  /** Pauses the job's active update: no instance is started or finished until it resumes. */
  public JobUpdateSummary pause(JobKey job, String user, String message) {
    return act(job, user, message, "pause", (d, now) -> switch (status(d)) {
      case ROLLING_FORWARD, ROLL_FORWARD_AWAITING_PULSE -> JobUpdateStatus.ROLL_FORWARD_PAUSED;
      case ROLLING_BACK, ROLL_BACK_AWAITING_PULSE -> JobUpdateStatus.ROLL_BACK_PAUSED;
      default -> null;
    }, "it is paused already; resume it with 'aurora update resume'");
  }

  /** Resumes the job's paused update (a coordinated one without a recent pulse waits for the next). */
  public JobUpdateSummary resume(JobKey job, String user, String message) {
    JobUpdateSummary s = act(job, user, message, "resume", (d, now) -> switch (status(d)) {
      case ROLL_FORWARD_PAUSED -> pulsed(d, now) ? JobUpdateStatus.ROLLING_FORWARD
          : JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE;
      case ROLL_BACK_PAUSED -> pulsed(d, now) ? JobUpdateStatus.ROLLING_BACK
          : JobUpdateStatus.ROLL_BACK_AWAITING_PULSE;
      default -> null;
    }, "it is not paused; pause it first with 'aurora update pause'");
    evaluate(s.key().id());
    return s;
  }

  /** Stops the job's active update for good, leaving every instance as it is now. */
  public JobUpdateSummary abort(JobKey job, String user, String message) {
    return act(job, user, message, "abort", (d, now) -> JobUpdateStatus.ABORTED, "");
  }

  /** Turns the job's active update around: the instances it changed go back to where they were. */
  public JobUpdateSummary rollback(JobKey job, String user, String message) {
    JobUpdateSummary s = act(job, user, message, "roll back", (d, now) -> switch (status(d)) {
      case ROLLING_FORWARD, ROLL_FORWARD_PAUSED, ROLL_FORWARD_AWAITING_PULSE -> JobUpdateStatus.ROLLING_BACK;
      default -> null;
    }, "it is rolling back already; pause or abort it instead");
    evaluate(s.key().id());
    return s;
  }

  /**
   * A coordinated update's pulse: it may go on for another {@code blockIfNoPulsesAfterMs}. An update awaiting a
   * pulse moves on at once.
   */
  public PulseStatus pulse(String updateId, String user) {
    JobUpdateDetails found = storage.read().jobUpdate(updateId).orElseThrow(() -> new UpdateRefusedException(
        UpdateRefusedException.Reason.NOT_FOUND, "there is no job update " + updateId));
    if (status(found).isTerminal()) {
      return PulseStatus.FINISHED;
    }
    if (found.update().instructions().settings().blockIfNoPulsesAfterMs() == null) {
      throw new UpdateRefusedException(UpdateRefusedException.Reason.INVALID, "update " + updateId + " is not"
          + " coordinated (it was started without pulse_interval_secs), so it needs no pulses");
    }
    lastPulse.put(updateId, clock.millis());
    boolean moved = storage.write(store -> {
      Optional<JobUpdateDetails> d = store.read().jobUpdate(updateId);
      JobUpdateStatus now = d.map(JobUpdater::status).orElse(JobUpdateStatus.ERROR);
      JobUpdateStatus to = now == JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE ? JobUpdateStatus.ROLLING_FORWARD
          : now == JobUpdateStatus.ROLL_BACK_AWAITING_PULSE ? JobUpdateStatus.ROLLING_BACK : null;
      if (to != null) {
        changeStatus(store, d.get(), to, user, "Pulse received");
      }
      return to != null;
    });
    if (moved) {
      evaluate(updateId);
    }
    return storage.read().jobUpdate(updateId).map(JobUpdater::status).filter(JobUpdateStatus::isTerminal)
        .isPresent() ? PulseStatus.FINISHED : PulseStatus.OK;
  }

  /**
   * Ends the job's active update, if it has one, because the job itself was killed: it must not bring the
   * instances back. Runs inside the write that kills the job.
   */
  public void jobKilled(MutableStore store, JobKey job, String user) {
    store.read().activeJobUpdate(job).ifPresent(d -> changeStatus(store, d, JobUpdateStatus.ABORTED, user,
        "The job was killed"));
  }

  /** Moves every rolling update on as far as the job's tasks allow now. */
  public void evaluate() {
    for (JobUpdateDetails d : storage.read().activeJobUpdates()) {
      try {
        evaluate(d.update().summary().key().id());
      } catch (RuntimeException e) {
        LOG.warn("Could not move job update {} on; trying again shortly", d.update().summary().key(), e);
      }
    }
  }

  /** Moves one update on, if it is rolling. */
  public void evaluate(String updateId) {
    storage.write(store -> {
      store.read().jobUpdate(updateId).ifPresent(d -> evaluate(store, d));
      return null;
    });
  }

  private void evaluate(MutableStore store, JobUpdateDetails d) {
    JobUpdateStatus status = status(d);
    if (status != JobUpdateStatus.ROLLING_FORWARD && status != JobUpdateStatus.ROLLING_BACK) {
      return;
    }
    JobUpdateInstructions instructions = d.update().instructions();
    JobUpdateSettings settings = instructions.settings();
    long now = clock.millis();
    boolean forward = status == JobUpdateStatus.ROLLING_FORWARD;
    if (!pulsed(d, now)) {
      changeStatus(store, d, forward ? JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE
          : JobUpdateStatus.ROLL_BACK_AWAITING_PULSE, null, "No pulse in the last "
          + settings.blockIfNoPulsesAfterMs() + " ms; waiting for the next");
      return;
    }
    UpdateProgress forwardProgress = new UpdateProgress(d.instanceEvents(), Direction.FORWARD);
    Direction direction = forward ? Direction.FORWARD : Direction.BACK;
    UpdatePlan plan = forward ? UpdatePlan.forward(instructions)
        : UpdatePlan.rollback(instructions, forwardProgress.touched());
    UpdateProgress progress = forward ? forwardProgress : new UpdateProgress(d.instanceEvents(), Direction.BACK);
    Map<Integer, List<ScheduledTask>> tasks = tasksByInstance(store.read(), d.update().summary().key().job());
    InstanceStep.Limits limits = new InstanceStep.Limits(settings.minWaitInInstanceRunningMs(),
        settings.maxPerInstanceFailures());
    JobUpdateKey key = d.update().summary().key();
    SlaGuard guard = settings.slaAware() && instructions.desiredState() != null
        && instructions.desiredState().task().slaPolicy() != null
        ? new SlaGuard(instructions.desiredState().task().slaPolicy(), new HashSet<>()) : null;

    List<Integer> finishedNow = new ArrayList<>();
    for (UpdatePlan.Step step : plan.steps()) {
      if (progress.state(step.instanceId()) == State.WORKING
          && step(store, key, step, tasks, progress, direction, limits, guard, now) != State.WORKING) {
        finishedNow.add(step.instanceId());
      }
    }
    long failed = plan.order().stream().filter(i -> progress.state(i) == State.FAILED).count();
    if (failed > settings.maxFailedInstances()) {
      String why = failed + " instance(s) failed, more than maxFailedInstances (max_total_failures) "
          + settings.maxFailedInstances();
      if (forward && settings.rollbackOnFailure()) {
        changeStatus(store, d, JobUpdateStatus.ROLLING_BACK, null, why + "; rolling back");
      } else {
        changeStatus(store, d, JobUpdateStatus.FAILED, null, why + (forward ? "; rollback_on_failure is off"
            : " while rolling back"));
      }
      return;
    }
    if (plan.order().stream().allMatch(progress::finished)) {
      changeStatus(store, d, forward ? JobUpdateStatus.ROLLED_FORWARD : JobUpdateStatus.ROLLED_BACK, null,
          forward ? "Every instance is updated" + (failed > 0 ? " but " + failed + " that failed" : "")
              : "Every instance is rolled back");
      if (forward) {
        saveUpdatedJob(store, instructions, key.job());
      }
      return;
    }
    JobUpdateStrategy strategy = UpdateGroups.strategy(settings);
    if (forward && strategy.autopauseAfterBatch()
        && UpdateGroups.groupCompleted(plan.order(), progress, strategy, finishedNow)) {
      changeStatus(store, d, JobUpdateStatus.ROLL_FORWARD_PAUSED, null,
          "Paused after a batch (autopause_after_batch); resume with 'aurora update resume'");
      return;
    }
    Map<Integer, UpdatePlan.Step> steps = new HashMap<>();
    plan.steps().forEach(s -> steps.put(s.instanceId(), s));
    for (int instance : UpdateGroups.toStart(plan.order(), progress, strategy)) {
      progress.set(instance, State.WORKING, now);
      instanceEvent(store, key, instance, direction.working, now);
      step(store, key, steps.get(instance), tasks, progress, direction, limits, guard, now);
    }
  }

  /**
   * What an SLA-aware update keeps: the desired configuration's SLA policy (as Aurora), and the tasks this
   * evaluation already takes down.
   */
  private record SlaGuard(SlaPolicy policy, Set<String> goingDown) {
  }

  /**
   * Takes an instance one step on; records it when it ends (updated or failed). Under an SLA-aware update a task is
   * killed only when the SLA allows it now; otherwise the instance waits for a later evaluation.
   */
  private State step(MutableStore store, JobUpdateKey key, UpdatePlan.Step step,
      Map<Integer, List<ScheduledTask>> tasks, UpdateProgress progress, Direction direction,
      InstanceStep.Limits limits, SlaGuard guard, long now) {
    int instance = step.instanceId();
    InstanceStep.Decision decision = InstanceStep.decide(step.target(), tasks.getOrDefault(instance, List.of()),
        progress.since(instance), now, limits);
    String why = "Killed for job update " + key.id();
    for (ScheduledTask t : decision.kill()) {
      if (guard != null) {
        if (!sla.mayTakeDown(store.read(), t, guard.policy(), guard.goingDown(), OptionalLong.empty())) {
          continue;
        }
        guard.goingDown().add(t.taskId());
      }
      stateManager.changeState(store, t.taskId(), Optional.of(t.status()), ScheduleStatus.KILLING, why);
    }
    if (decision.add()) {
      stateManager.insertPendingTasks(store, step.target(), Set.of(instance));
    }
    State state = switch (decision.outcome()) {
      case WORKING -> State.WORKING;
      case SUCCEEDED -> State.SUCCEEDED;
      case FAILED -> State.FAILED;
    };
    if (state != State.WORKING) {
      progress.set(instance, state, now);
      instanceEvent(store, key, instance, direction.action(state), now);
    }
    return state;
  }

  private static void instanceEvent(MutableStore store, JobUpdateKey key, int instance,
      io.github.auroradist.common.model.update.JobUpdateAction action, long now) {
    store.add(new Op.SaveJobInstanceUpdateEvent(key, new JobInstanceUpdateEvent(instance, now, action)));
  }

  /**
   * The job as it is once rolled forward: the proposed one when the update covered every instance; otherwise the
   * stored one, with the new configuration only if every instance now runs it, and as many instances as it has.
   */
  private static void saveUpdatedJob(MutableStore store, JobUpdateInstructions instructions, JobKey job) {
    InstanceTaskConfig desired = instructions.desiredState();
    if (desired == null) {
      return;
    }
    TaskConfig config = desired.task();
    Optional<JobConfiguration> stored = store.read().job(job);
    JobConfiguration base = stored.orElse(new JobConfiguration(job, config.owner(), null, null, 0, config));
    SortedMap<Integer, TaskConfig> now = UpdatePlan.currentConfigs(store.read(), job);
    int count = now.isEmpty() ? 0 : now.lastKey() + 1;
    if (instructions.settings().updateOnlyTheseInstances() == null) {
      count = desired.instances().toSortedSet().last() + 1;
    }
    boolean allNew = now.values().stream().allMatch(config::equals);
    JobConfiguration updated = new JobConfiguration(job, allNew ? config.owner() : base.owner(), base.cronSchedule(),
        base.cronCollisionPolicy(), count, allNew ? config : base.taskConfig());
    store.add(new Op.SaveJob(updated));
  }

  private static Map<Integer, List<ScheduledTask>> tasksByInstance(StoreView view, JobKey job) {
    Map<Integer, List<ScheduledTask>> out = new HashMap<>();
    for (ScheduledTask t : view.tasksOf(job)) {
      out.computeIfAbsent(t.assignedTask().instanceId(), k -> new ArrayList<>()).add(t);
    }
    return out;
  }

  /** Whether a coordinated update had a pulse recently enough to go on (an uncoordinated one always may). */
  private boolean pulsed(JobUpdateDetails d, long now) {
    Long block = d.update().instructions().settings().blockIfNoPulsesAfterMs();
    Long last = lastPulse.get(d.update().summary().key().id());
    return block == null || (last != null && now - last < block);
  }

  private static JobUpdateStatus status(JobUpdateDetails d) {
    return d.update().summary().state().status();
  }

  /** The next status of an update given its details and the time, or null when the action does not apply. */
  @FunctionalInterface
  private interface Transition {
    JobUpdateStatus next(JobUpdateDetails details, long now);
  }

  private JobUpdateSummary act(JobKey job, String user, String message, String verb, Transition transition,
      String refusal) {
    return storage.write(store -> {
      JobUpdateDetails d = store.read().activeJobUpdate(job).orElseThrow(() -> new UpdateRefusedException(
          UpdateRefusedException.Reason.NOT_FOUND, "job " + job + " has no active update"));
      JobUpdateStatus to = transition.next(d, clock.millis());
      if (to == null) {
        throw new UpdateRefusedException(UpdateRefusedException.Reason.CONFLICT, "cannot " + verb + " update "
            + d.update().summary().key().id() + " of job " + job + ", which is " + status(d) + ": " + refusal);
      }
      return changeStatus(store, d, to, user, message);
    });
  }

  private JobUpdateSummary changeStatus(MutableStore store, JobUpdateDetails d, JobUpdateStatus to, String user,
      String message) {
    long now = clock.millis();
    JobUpdateSummary s = d.update().summary();
    store.add(new Op.SaveJobUpdateEvent(s.key(), new JobUpdateEvent(to, now, user, message)));
    if (to.isTerminal()) {
      lastPulse.remove(s.key().id());
      LOG.info("Job update {} ended {}: {}", s.key(), to, message);
    }
    return new JobUpdateSummary(s.key(), s.user(), new JobUpdateState(to, s.state().createdTimestampMs(),
        Math.max(now, s.state().lastModifiedTimestampMs())), s.message());
  }
}
