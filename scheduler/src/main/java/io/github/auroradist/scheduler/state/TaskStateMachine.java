package io.github.auroradist.scheduler.state;

import static io.github.auroradist.common.model.ScheduleStatus.ASSIGNED;
import static io.github.auroradist.common.model.ScheduleStatus.DRAINING;
import static io.github.auroradist.common.model.ScheduleStatus.FAILED;
import static io.github.auroradist.common.model.ScheduleStatus.FINISHED;
import static io.github.auroradist.common.model.ScheduleStatus.INIT;
import static io.github.auroradist.common.model.ScheduleStatus.KILLED;
import static io.github.auroradist.common.model.ScheduleStatus.KILLING;
import static io.github.auroradist.common.model.ScheduleStatus.LOST;
import static io.github.auroradist.common.model.ScheduleStatus.PARTITIONED;
import static io.github.auroradist.common.model.ScheduleStatus.PENDING;
import static io.github.auroradist.common.model.ScheduleStatus.PREEMPTING;
import static io.github.auroradist.common.model.ScheduleStatus.RESTARTING;
import static io.github.auroradist.common.model.ScheduleStatus.RUNNING;
import static io.github.auroradist.common.model.ScheduleStatus.STARTING;
import static io.github.auroradist.common.model.ScheduleStatus.THROTTLED;

import io.github.auroradist.common.model.ScheduleStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task lifecycle, in one place. Given a task's state, the requested state and a few facts
 * about the task, it says whether the change is allowed and which side effects it has. It holds
 * no state and performs nothing itself.
 */
public final class TaskStateMachine {
  /** Facts about the task that decide side effects. {@code maxTaskFailures} below 0 means unlimited. */
  public record TaskFacts(boolean isService, int failureCount, int maxTaskFailures) {
  }

  private static final Map<ScheduleStatus, Set<ScheduleStatus>> ALLOWED = new EnumMap<>(ScheduleStatus.class);

  static {
    allow(INIT, PENDING, THROTTLED);
    allow(PENDING, ASSIGNED, KILLING);
    allow(THROTTLED, PENDING, KILLING);
    allow(ASSIGNED, STARTING, RUNNING, FINISHED, FAILED, KILLING, KILLED, LOST, PREEMPTING, RESTARTING,
        DRAINING, PARTITIONED);
    allow(STARTING, RUNNING, FINISHED, FAILED, KILLING, KILLED, LOST, PREEMPTING, RESTARTING, DRAINING,
        PARTITIONED);
    allow(RUNNING, FINISHED, FAILED, KILLING, KILLED, LOST, PREEMPTING, RESTARTING, DRAINING, PARTITIONED);
    allow(KILLING, FINISHED, FAILED, KILLED, LOST);
    allow(PREEMPTING, FINISHED, FAILED, KILLING, KILLED, LOST, PARTITIONED);
    allow(RESTARTING, FINISHED, FAILED, KILLING, KILLED, LOST, PARTITIONED);
    allow(DRAINING, FINISHED, FAILED, KILLING, KILLED, LOST, PARTITIONED);
    // A partitioned task's agent came back: whatever it reports now is the truth.
    allow(PARTITIONED, STARTING, RUNNING, FINISHED, FAILED, KILLING, KILLED, LOST);
    for (ScheduleStatus terminal : ScheduleStatus.TERMINAL) {
      allow(terminal);
    }
  }

  /**
   * States the scheduler expects to leave soon; a task stuck in one becomes LOST (and is replaced
   * unless a user killed it). STARTING is not one: setting a task up (fetching, pulling an image)
   * may take long, as in Aurora. PARTITIONED is, with the job's partition policy's delay instead of
   * the transient timeout (Aurora's default: none, so a partitioned task is LOST at once), unless the
   * policy says not to reschedule: then it waits for its agent (see TaskTimers.watchTransient).
   */
  public static final Set<ScheduleStatus> TRANSIENT =
      Set.copyOf(EnumSet.of(ASSIGNED, KILLING, PREEMPTING, RESTARTING, DRAINING, PARTITIONED));

  /** States in which the scheduler has asked for the task to be killed. */
  public static final Set<ScheduleStatus> KILL_REQUESTED =
      Set.copyOf(EnumSet.of(KILLING, PREEMPTING, RESTARTING, DRAINING));

  private TaskStateMachine() {
  }

  private static void allow(ScheduleStatus from, ScheduleStatus... to) {
    Set<ScheduleStatus> targets = EnumSet.noneOf(ScheduleStatus.class);
    targets.addAll(List.of(to));
    ALLOWED.put(from, targets);
  }

  /** Whether the lifecycle permits going from {@code from} to {@code to}. */
  public static boolean isAllowed(ScheduleStatus from, ScheduleStatus to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /** Decides the change from {@code from} to {@code to} for a task with {@code facts}. */
  public static TransitionResult evaluate(ScheduleStatus from, ScheduleStatus to, TaskFacts facts) {
    if (from == to) {
      return new TransitionResult(from, to, TransitionResult.Outcome.NOOP, Set.of());
    }
    if (!isAllowed(from, to)) {
      Set<SideEffect> effects = EnumSet.noneOf(SideEffect.class);
      // The agent runs something the scheduler considers over: kill it so nothing runs twice.
      if (from.isTerminal() && (to == ASSIGNED || to == STARTING || to == RUNNING || to == PARTITIONED)) {
        effects.add(SideEffect.KILL);
      }
      return new TransitionResult(from, to, TransitionResult.Outcome.ILLEGAL, effects);
    }

    Set<SideEffect> effects = EnumSet.of(SideEffect.SAVE_STATE);
    if ((from == PENDING || from == THROTTLED) && to == KILLING) {
      // Never launched: nothing to kill on an agent, no history worth keeping.
      return new TransitionResult(from, to, TransitionResult.Outcome.ALLOWED, EnumSet.of(SideEffect.DELETE));
    }
    if (KILL_REQUESTED.contains(to)) {
      effects.add(SideEffect.KILL);
    }
    if (TRANSIENT.contains(to)) {
      effects.add(SideEffect.WATCH_TRANSIENT);
    }
    if (to == THROTTLED) {
      effects.add(SideEffect.START_BACKOFF);
    }
    if (to.isTerminal()) {
      terminalEffects(from, to, facts, effects);
    }
    return new TransitionResult(from, to, TransitionResult.Outcome.ALLOWED, effects);
  }

  private static void terminalEffects(ScheduleStatus from, ScheduleStatus to, TaskFacts facts,
      Set<SideEffect> effects) {
    if (to == FAILED) {
      effects.add(SideEffect.INCREMENT_FAILURES);
    }
    if (from == KILLING) {
      return; // the user asked for it to stop: it stays stopped
    }
    if (from == PREEMPTING || from == RESTARTING || from == DRAINING) {
      effects.add(SideEffect.RESCHEDULE); // killed on purpose to run again elsewhere
      return;
    }
    boolean reschedule = switch (to) {
      case FINISHED -> facts.isService();
      case FAILED -> facts.isService() || facts.maxTaskFailures() < 0
          || facts.failureCount() + 1 < facts.maxTaskFailures();
      // Killed or lost without being asked: the work did not complete.
      case KILLED, LOST -> true;
      default -> false;
    };
    if (reschedule) {
      effects.add(SideEffect.RESCHEDULE);
    }
  }
}
