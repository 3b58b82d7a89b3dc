package io.github.auroradist.scheduler.state;

import static io.github.auroradist.common.model.ScheduleStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.scheduler.state.TaskStateMachine.TaskFacts;
import io.github.auroradist.scheduler.state.TransitionResult.Outcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskStateMachineTest {
  // The lifecycle written out by hand, independently of the implementation's table.
  private static final Map<ScheduleStatus, String> EXPECTED = Map.ofEntries(
      Map.entry(INIT, "PENDING THROTTLED"),
      Map.entry(PENDING, "ASSIGNED KILLING"),
      Map.entry(THROTTLED, "PENDING KILLING"),
      Map.entry(ASSIGNED, "STARTING RUNNING FINISHED FAILED KILLING KILLED LOST PREEMPTING RESTARTING DRAINING"
          + " PARTITIONED"),
      Map.entry(STARTING, "RUNNING FINISHED FAILED KILLING KILLED LOST PREEMPTING RESTARTING DRAINING PARTITIONED"),
      Map.entry(RUNNING, "FINISHED FAILED KILLING KILLED LOST PREEMPTING RESTARTING DRAINING PARTITIONED"),
      Map.entry(KILLING, "FINISHED FAILED KILLED LOST"),
      Map.entry(PREEMPTING, "FINISHED FAILED KILLING KILLED LOST PARTITIONED"),
      Map.entry(RESTARTING, "FINISHED FAILED KILLING KILLED LOST PARTITIONED"),
      Map.entry(DRAINING, "FINISHED FAILED KILLING KILLED LOST PARTITIONED"),
      Map.entry(PARTITIONED, "STARTING RUNNING FINISHED FAILED KILLING KILLED LOST"),
      Map.entry(FINISHED, ""),
      Map.entry(FAILED, ""),
      Map.entry(KILLED, ""),
      Map.entry(LOST, ""));

  private static final TaskFacts ADHOC = new TaskFacts(false, 0, 1);
  private static final TaskFacts SERVICE = new TaskFacts(true, 0, 1);

  static Stream<Arguments> everyPair() {
    List<Arguments> pairs = new ArrayList<>();
    for (ScheduleStatus from : ScheduleStatus.values()) {
      for (ScheduleStatus to : ScheduleStatus.values()) {
        pairs.add(Arguments.of(from, to, expectedAllowed(from, to)));
      }
    }
    return pairs.stream();
  }

  private static boolean expectedAllowed(ScheduleStatus from, ScheduleStatus to) {
    return Set.of(EXPECTED.get(from).split(" ")).contains(to.name());
  }

  @ParameterizedTest(name = "{0} -> {1} allowed={2}")
  @MethodSource("everyPair")
  void everyTransitionIsAllowedOrRefusedAsAuroraDefines(ScheduleStatus from, ScheduleStatus to, boolean allowed) {
    assertThat(TaskStateMachine.isAllowed(from, to)).isEqualTo(allowed);
    TransitionResult result = TaskStateMachine.evaluate(from, to, ADHOC);
    Outcome expected = from == to ? Outcome.NOOP : allowed ? Outcome.ALLOWED : Outcome.ILLEGAL;
    assertThat(result.outcome()).isEqualTo(expected);
    if (expected != Outcome.ALLOWED) {
      assertThat(result.sideEffects()).doesNotContain(SideEffect.SAVE_STATE, SideEffect.RESCHEDULE);
    } else {
      assertThat(result.sideEffects()).containsAnyOf(SideEffect.SAVE_STATE, SideEffect.DELETE);
    }
  }

  @Test
  void everyStateIsCoveredByTheExpectedTable() {
    assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(ScheduleStatus.values());
  }

  @Test
  void terminalTaskReportedAliveIsKilled() {
    for (ScheduleStatus terminal : ScheduleStatus.TERMINAL) {
      for (ScheduleStatus alive : List.of(ASSIGNED, STARTING, RUNNING)) {
        TransitionResult r = TaskStateMachine.evaluate(terminal, alive, SERVICE);
        assertThat(r.outcome()).isEqualTo(Outcome.ILLEGAL);
        assertThat(r.sideEffects()).containsExactly(SideEffect.KILL);
      }
    }
  }

  @Test
  void killingATaskThatNeverLaunchedDeletesIt() {
    assertThat(TaskStateMachine.evaluate(PENDING, KILLING, SERVICE).sideEffects()).containsExactly(SideEffect.DELETE);
    assertThat(TaskStateMachine.evaluate(THROTTLED, KILLING, SERVICE).sideEffects()).containsExactly(SideEffect.DELETE);
  }

  @Test
  void killRequestsSendKillsAndAreWatched() {
    for (ScheduleStatus kill : List.of(KILLING, PREEMPTING, RESTARTING, DRAINING)) {
      assertThat(TaskStateMachine.evaluate(RUNNING, kill, ADHOC).sideEffects())
          .containsExactlyInAnyOrder(SideEffect.SAVE_STATE, SideEffect.KILL, SideEffect.WATCH_TRANSIENT);
    }
    assertThat(TaskStateMachine.evaluate(PENDING, ASSIGNED, ADHOC).sideEffects())
        .containsExactlyInAnyOrder(SideEffect.SAVE_STATE, SideEffect.WATCH_TRANSIENT);
    assertThat(TaskStateMachine.evaluate(STARTING, RUNNING, ADHOC).sideEffects())
        .containsExactly(SideEffect.SAVE_STATE);
    assertThat(TaskStateMachine.evaluate(PENDING, ASSIGNED, ADHOC).sideEffects()).contains(SideEffect.WATCH_TRANSIENT);
    assertThat(TaskStateMachine.evaluate(ASSIGNED, STARTING, ADHOC).sideEffects())
        .containsExactly(SideEffect.SAVE_STATE);
    assertThat(TaskStateMachine.evaluate(RUNNING, PARTITIONED, ADHOC).sideEffects())
        .containsExactlyInAnyOrder(SideEffect.SAVE_STATE, SideEffect.WATCH_TRANSIENT);
    assertThat(TaskStateMachine.evaluate(PARTITIONED, LOST, ADHOC).has(SideEffect.RESCHEDULE)).isTrue();
    assertThat(TaskStateMachine.evaluate(INIT, THROTTLED, ADHOC).sideEffects())
        .containsExactlyInAnyOrder(SideEffect.SAVE_STATE, SideEffect.START_BACKOFF);
  }

  @Test
  void servicesAreRescheduledWhenTheyEnd() {
    for (ScheduleStatus end : ScheduleStatus.TERMINAL) {
      assertThat(TaskStateMachine.evaluate(RUNNING, end, SERVICE).has(SideEffect.RESCHEDULE)).as(end.name()).isTrue();
    }
  }

  /** Whether an ad-hoc task that failed {@code failures} times before, of {@code maxFailures}, runs again. */
  private static boolean failureRescheduled(int failures, int maxFailures) {
    return TaskStateMachine.evaluate(RUNNING, FAILED, new TaskFacts(false, failures, maxFailures))
        .has(SideEffect.RESCHEDULE);
  }

  @Test
  void adHocTasksAreRescheduledOnFailureOnlyWhileFailuresRemain() {
    assertThat(TaskStateMachine.evaluate(RUNNING, FINISHED, ADHOC).has(SideEffect.RESCHEDULE)).isFalse();
    TransitionResult once = TaskStateMachine.evaluate(RUNNING, FAILED, ADHOC);
    assertThat(once.sideEffects()).containsExactlyInAnyOrder(SideEffect.SAVE_STATE, SideEffect.INCREMENT_FAILURES);
    assertThat(failureRescheduled(0, 3)).isTrue();
    assertThat(failureRescheduled(1, 3)).isTrue();
    assertThat(failureRescheduled(2, 3)).isFalse();
    assertThat(failureRescheduled(50, -1)).isTrue();
    // Lost or killed from outside: the work did not complete, so it runs again.
    assertThat(TaskStateMachine.evaluate(RUNNING, LOST, ADHOC).has(SideEffect.RESCHEDULE)).isTrue();
    assertThat(TaskStateMachine.evaluate(RUNNING, KILLED, ADHOC).has(SideEffect.RESCHEDULE)).isTrue();
  }

  @Test
  void userKillsAreNeverRescheduledButRestartsPreemptionsAndDrainsAre() {
    for (ScheduleStatus end : ScheduleStatus.TERMINAL) {
      assertThat(TaskStateMachine.evaluate(KILLING, end, SERVICE).has(SideEffect.RESCHEDULE)).isFalse();
      for (ScheduleStatus from : EnumSet.of(RESTARTING, PREEMPTING, DRAINING)) {
        assertThat(TaskStateMachine.evaluate(from, end, ADHOC).has(SideEffect.RESCHEDULE)).isTrue();
      }
    }
  }
}
