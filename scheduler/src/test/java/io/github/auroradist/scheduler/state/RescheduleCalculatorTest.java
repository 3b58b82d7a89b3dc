package io.github.auroradist.scheduler.state;

import static io.github.auroradist.common.model.ScheduleStatus.ASSIGNED;
import static io.github.auroradist.common.model.ScheduleStatus.FAILED;
import static io.github.auroradist.common.model.ScheduleStatus.KILLED;
import static io.github.auroradist.common.model.ScheduleStatus.LOST;
import static io.github.auroradist.common.model.ScheduleStatus.PARTITIONED;
import static io.github.auroradist.common.model.ScheduleStatus.PENDING;
import static io.github.auroradist.common.model.ScheduleStatus.RESTARTING;
import static io.github.auroradist.common.model.ScheduleStatus.RUNNING;
import static io.github.auroradist.common.model.ScheduleStatus.STARTING;
import static io.github.auroradist.common.model.ScheduleStatus.THROTTLED;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The flapping penalty from a task's own events, at fixed times (seconds since an arbitrary start). */
class RescheduleCalculatorTest {
  final RescheduleCalculator calculator = new RescheduleCalculator(RescheduleCalculator.Settings.DEFAULTS);

  /** A task that went through {@code steps}: status, second, status, second... */
  private static ScheduledTask task(Object... steps) {
    ScheduledTask t = TestTasks.pending(new JobKey("r", "prod", "web"), 0, "t");
    t = new ScheduledTask(t.assignedTask(), ScheduleStatus.INIT, 0, java.util.List.of(), null);
    for (int i = 0; i < steps.length; i += 2) {
      ScheduleStatus status = (ScheduleStatus) steps[i];
      long at = ((Number) steps[i + 1]).longValue() * 1000;
      t = t.withStatus(status, new TaskEvent(at, status, null, "test"));
    }
    return t;
  }

  @Test
  void endingWithinTheThresholdOfTheLastActiveStateFlapsWhateverThatStateWas() {
    assertThat(calculator.flappingPenalty(task(PENDING, 0, ASSIGNED, 600, FAILED, 601)))
        .contains(Duration.ofSeconds(30));
    assertThat(calculator.flappingPenalty(task(PENDING, 0, ASSIGNED, 1, STARTING, 2, LOST, 200)))
        .contains(Duration.ofSeconds(30));
    assertThat(calculator.flappingPenalty(task(PENDING, 0, ASSIGNED, 1, RUNNING, 2, FAILED, 299)))
        .contains(Duration.ofSeconds(30));
    // Measured from the last time it became active: reported RUNNING again after a partition counts.
    assertThat(calculator.flappingPenalty(task(PENDING, 0, ASSIGNED, 1, RUNNING, 2, PARTITIONED, 9000, RUNNING, 9060,
        FAILED, 9070))).contains(Duration.ofSeconds(30));
  }

  @Test
  void aTaskLostWithItsAgentAfterRunningLongDidNotFlap() {
    assertThat(calculator.flappingPenalty(task(PENDING, 0, ASSIGNED, 1, RUNNING, 2, PARTITIONED, 9000, LOST, 9000)))
        .isEmpty();
  }

  @Test
  void endingAtTheThresholdOrLaterIsNoFlap() {
    assertThat(calculator.flappingPenalty(task(PENDING, 0, ASSIGNED, 1, RUNNING, 2, FAILED, 302))).isEmpty();
    assertThat(calculator.flappingPenalty(task(PENDING, 0, ASSIGNED, 1, LOST, 301))).isEmpty();
  }

  @Test
  void aTaskStoppedOnPurposeNeverFlaps() {
    assertThat(calculator.flappingPenalty(task(PENDING, 0, ASSIGNED, 1, RUNNING, 2, RESTARTING, 3, KILLED, 4)))
        .isEmpty();
  }

  @Test
  void theReplacementOfAThrottledTaskThatFlappedAgainWaitsTwiceAsLongUpToTheMaximum() {
    assertThat(calculator.flappingPenalty(task(THROTTLED, 0, PENDING, 30, ASSIGNED, 31, FAILED, 32)))
        .contains(Duration.ofSeconds(60));
    assertThat(calculator.flappingPenalty(task(THROTTLED, 0, PENDING, 240, ASSIGNED, 241, FAILED, 242)))
        .contains(Duration.ofMinutes(5));
  }

  @Test
  void aThrottledTaskFoundAfterARestartWaitsItsAncestorsPenaltyOrTheInitialOneWithoutIt() {
    ScheduledTask ancestor = task(THROTTLED, 0, PENDING, 60, ASSIGNED, 61, FAILED, 62);
    // Twice the 60 s the ancestor itself waited THROTTLED.
    assertThat(calculator.penaltyAfter(Optional.of(ancestor))).isEqualTo(Duration.ofSeconds(60).multipliedBy(2));
    assertThat(calculator.penaltyAfter(Optional.empty())).isEqualTo(Duration.ofSeconds(30));
  }
}
