package io.github.auroradist.scheduler.state;

import static io.github.auroradist.common.model.ScheduleStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.testing.MutableClock;
import io.github.auroradist.scheduler.testing.RecordedEffects;
import io.github.auroradist.scheduler.testing.SharedLog;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StateManagerTest {
  @RegisterExtension
  static final SharedLog log = new SharedLog();
  static final AtomicInteger JOBS = new AtomicInteger();

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final RecordedEffects effects = new RecordedEffects();
  final StateManager manager = TestTasks.stateManager(clock, effects);
  final JobKey job = new JobKey("www-data", "prod", "job" + JOBS.incrementAndGet());

  private ScheduledTask insert(TaskConfig config, int instance) {
    return log.storage().write(s -> manager.insertPendingTasks(s, config, Set.of(instance))).get(0);
  }

  private TransitionResult change(String id, ScheduleStatus to) {
    return log.storage().write(s -> manager.changeState(s, id, Optional.empty(), to, "test"));
  }

  private ScheduledTask task(String id) {
    return log.stores().task(id).orElseThrow();
  }

  private List<ScheduledTask> active() {
    return log.stores().tasksOf(job).stream().filter(t -> t.status().isActive()).toList();
  }

  private ScheduledTask running(TaskConfig config) {
    ScheduledTask t = insert(config, 0);
    log.storage().write(s -> manager.assignTask(s, t.taskId(), "agent1", "host1", Map.of("http", 31000)));
    change(t.taskId(), STARTING);
    change(t.taskId(), RUNNING);
    return task(t.taskId());
  }

  @Test
  void insertedTasksArePendingWithAuroraStyleIds() {
    List<ScheduledTask> created = log.storage().write(s ->
        manager.insertPendingTasks(s, TestTasks.config(job, true), Set.of(0, 1, 2)));
    assertThat(created).hasSize(3);
    for (ScheduledTask t : created) {
      assertThat(t.taskId()).matches("www-data-prod-" + job.name() + "-" + t.assignedTask().instanceId()
          + "-[0-9a-f-]{36}");
      assertThat(task(t.taskId()).status()).isEqualTo(PENDING);
      assertThat(task(t.taskId()).taskEvents()).extracting(e -> e.status()).containsExactly(PENDING);
    }
  }

  @Test
  void assignmentRecordsAgentHostAndPorts() {
    ScheduledTask t = insert(TestTasks.config(job, true), 3);
    Optional<ScheduledTask> assigned =
        log.storage().write(s -> manager.assignTask(s, t.taskId(), "agent1", "host1", Map.of("http", 31000)));
    assertThat(assigned).isPresent();
    ScheduledTask stored = task(t.taskId());
    assertThat(stored.status()).isEqualTo(ASSIGNED);
    assertThat(stored.assignedTask().agentHost()).isEqualTo("host1");
    assertThat(stored.assignedTask().assignedPorts()).containsEntry("http", 31000);
    assertThat(effects.watched).containsExactly(t.taskId() + ":ASSIGNED");
    // Only a PENDING task can be assigned.
    Optional<ScheduledTask> again = log.storage().write(s ->
        manager.assignTask(s, t.taskId(), "agent2", "host2", Map.of()));
    assertThat(again.isPresent()).isFalse();
  }

  @Test
  void serviceThatEndsIsReplacedByAPendingTask() {
    ScheduledTask t = running(TestTasks.config(job, true));
    clock.advance(Duration.ofMinutes(10));
    change(t.taskId(), FINISHED);
    assertThat(task(t.taskId()).status()).isEqualTo(FINISHED);
    List<ScheduledTask> replacement = active();
    assertThat(replacement).hasSize(1);
    assertThat(replacement.get(0).status()).isEqualTo(PENDING);
    assertThat(replacement.get(0).ancestorId()).isEqualTo(t.taskId());
    assertThat(replacement.get(0).assignedTask().instanceId()).isZero();
    assertThat(effects.backoffs).isEmpty();
  }

  @Test
  void flappingServiceIsThrottledWithGrowingBackoff() {
    ScheduledTask t = running(TestTasks.config(job, true));
    clock.advance(Duration.ofSeconds(10));
    change(t.taskId(), FAILED);
    ScheduledTask next = active().get(0);
    assertThat(next.status()).isEqualTo(THROTTLED);
    assertThat(next.failureCount()).isEqualTo(1);
    assertThat(effects.backoffs).containsExactly(Duration.ofSeconds(30));

    waitsThenRunsAndFails(next, Duration.ofSeconds(30), Duration.ofSeconds(5));
    assertThat(effects.backoffs).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60));
    assertThat(active().get(0).failureCount()).isEqualTo(2);
  }

  private ScheduledTask activeTask() {
    return active().stream().filter(x -> x.status().isActive()).findFirst().orElseThrow();
  }

  /** A THROTTLED task waits {@code waited}, is placed, runs for {@code ran} and fails. */
  private void waitsThenRunsAndFails(ScheduledTask throttled, Duration waited, Duration ran) {
    clock.advance(waited);
    change(throttled.taskId(), PENDING);
    log.storage().write(s -> manager.assignTask(s, throttled.taskId(), "agent1", "host1", Map.of()));
    change(throttled.taskId(), RUNNING);
    clock.advance(ran);
    change(throttled.taskId(), FAILED);
  }

  /** Places a task of a service's instance 0 on an agent (ASSIGNED). */
  private ScheduledTask assigned() {
    ScheduledTask t = insert(TestTasks.config(job, true), 0);
    log.storage().write(s -> manager.assignTask(s, t.taskId(), "agent1", "host1", Map.of()));
    return t;
  }

  /** {@code after} of being placed the task ends {@code how} (after starting first, when asked to). */
  private void endsAfterPlacement(boolean starting, Duration after, ScheduleStatus how) {
    ScheduledTask t = assigned();
    if (starting) {
      change(t.taskId(), STARTING);
    }
    clock.advance(after);
    change(t.taskId(), how);
  }

  @Test
  void aTaskThatFailsBeforeItEverRunsIsThrottledToo() {
    endsAfterPlacement(false, Duration.ofSeconds(2), FAILED);  // e.g. its executor exited at once
    assertThat(activeTask().status()).isEqualTo(THROTTLED);
    assertThat(effects.backoffs).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void aTaskLostWhileStartingSoonAfterItWasAssignedIsThrottled() {
    endsAfterPlacement(true, Duration.ofSeconds(4), LOST);
    assertThat(activeTask().status()).isEqualTo(THROTTLED);
    assertThat(effects.backoffs).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void aTaskThatEndsLongAfterItLastBecameActiveIsReplacedAtOnce() {
    endsAfterPlacement(false, Duration.ofMinutes(5), LOST);  // the threshold: not shorter than it
    assertThat(activeTask().status()).isEqualTo(PENDING);
    assertThat(effects.backoffs).isEmpty();
  }

  /** A crash loop: each replacement fails two seconds after it is placed, and waits twice as long as the last. */
  @Test
  void throttledDelaysGrowUpToTheMaximumForAnInstanceThatNeverRuns() {
    ScheduledTask t = insert(TestTasks.config(job, true), 0);
    int created = 1;
    for (int round = 0; round < 7; round++) {
      ScheduledTask current = activeTask();
      if (current.status() == THROTTLED) {
        clock.advance(effects.backoffs.get(effects.backoffs.size() - 1));
        change(current.taskId(), PENDING);
      }
      log.storage().write(s -> manager.assignTask(s, current.taskId(), "agent1", "host1", Map.of()));
      clock.advance(Duration.ofSeconds(2));
      change(current.taskId(), FAILED);
      created++;
    }
    assertThat(effects.backoffs).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofSeconds(120), Duration.ofSeconds(240), Duration.ofMinutes(5), Duration.ofMinutes(5),
        Duration.ofMinutes(5));
    assertThat(log.stores().tasksOf(job)).hasSize(created);
    assertThat(activeTask().failureCount()).isEqualTo(7);
    assertThat(t.taskId()).isNotEqualTo(activeTask().taskId());
  }

  @Test
  void aReplacementThatRanWellBreaksTheChainOfGrowingDelays() {
    ScheduledTask t = assigned();
    change(t.taskId(), FAILED);
    waitsThenRunsAndFails(activeTask(), Duration.ofSeconds(30), Duration.ofHours(1));
    ScheduledTask third = activeTask();
    assertThat(third.status()).isEqualTo(PENDING);
    log.storage().write(s -> manager.assignTask(s, third.taskId(), "agent1", "host1", Map.of()));
    change(third.taskId(), FAILED);
    assertThat(effects.backoffs).as("the chain starts over")
        .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @Test
  void adHocTaskFailingWithoutFailuresLeftIsNotRescheduled() {
    ScheduledTask t = running(TestTasks.config(job, false));
    change(t.taskId(), FAILED);
    assertThat(task(t.taskId()).failureCount()).isEqualTo(1);
    assertThat(active()).isEmpty();
  }

  @Test
  void killingAPendingTaskDeletesIt() {
    ScheduledTask t = insert(TestTasks.config(job, true), 0);
    assertThat(change(t.taskId(), KILLING).allowed()).isTrue();
    assertThat(log.stores().task(t.taskId())).isEmpty();
    assertThat(effects.kills).isEmpty();
  }

  @Test
  void killingARunningTaskSendsAKillAndIsNotRescheduled() {
    ScheduledTask t = running(TestTasks.config(job, true));
    change(t.taskId(), KILLING);
    assertThat(effects.kills).containsExactly(t.taskId());
    assertThat(effects.watched).contains(t.taskId() + ":KILLING");
    change(t.taskId(), KILLED);
    assertThat(task(t.taskId()).status()).isEqualTo(KILLED);
    assertThat(active()).isEmpty();
  }

  @Test
  void terminalTaskReportedRunningIsKilledAndStaysTerminal() {
    ScheduledTask t = running(TestTasks.config(job, false));
    change(t.taskId(), FINISHED);
    TransitionResult r = change(t.taskId(), RUNNING);
    assertThat(r.outcome()).isEqualTo(TransitionResult.Outcome.ILLEGAL);
    assertThat(effects.kills).containsExactly(t.taskId());
    assertThat(task(t.taskId()).status()).isEqualTo(FINISHED);
  }

  @Test
  void expectedStateGuardsTheChange() {
    ScheduledTask t = insert(TestTasks.config(job, true), 0);
    TransitionResult r = log.storage().write(s ->
        manager.changeState(s, t.taskId(), Optional.of(RUNNING), KILLING, "stale"));
    assertThat(r.allowed()).isFalse();
    assertThat(task(t.taskId()).status()).isEqualTo(PENDING);
  }

  @Test
  void restartingKillsThenReschedules() {
    ScheduledTask t = running(TestTasks.config(job, false));
    change(t.taskId(), RESTARTING);
    assertThat(effects.kills).containsExactly(t.taskId());
    clock.advance(Duration.ofMinutes(10));
    change(t.taskId(), KILLED);
    assertThat(active()).singleElement().extracting(ScheduledTask::status).isEqualTo(PENDING);
  }

  @Test
  void aRestartSoonAfterStartIsNotFlapping() {
    ScheduledTask t = running(TestTasks.config(job, true));
    clock.advance(Duration.ofSeconds(5));
    change(t.taskId(), RESTARTING);
    change(t.taskId(), KILLED);
    assertThat(active()).singleElement().extracting(ScheduledTask::status).isEqualTo(PENDING);
    assertThat(effects.backoffs).isEmpty();
  }
}
