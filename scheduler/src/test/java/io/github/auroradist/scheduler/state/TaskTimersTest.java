package io.github.auroradist.scheduler.state;

import static io.github.auroradist.common.model.ScheduleStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.PartitionPolicy;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.testing.MutableClock;
import io.github.auroradist.scheduler.testing.OpenLog;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskTimersTest {
  @TempDir
  Path dir;
  OpenLog log;
  ScheduledThreadPoolExecutor executor;
  TaskTimers timers;
  StateManager manager;
  RescheduleCalculator rescheduler;
  final List<String> kills = new CopyOnWriteArrayList<>();
  final JobKey job = new JobKey("r", "devel", "timers");

  @BeforeEach
  void setUp() throws Exception {
    log = new OpenLog(dir.resolve("db"));
    executor = new ScheduledThreadPoolExecutor(1);
    rescheduler = new RescheduleCalculator(new RescheduleCalculator.Settings(
        Duration.ofMinutes(5), Duration.ofMillis(300), Duration.ofSeconds(1)));
    timers = new TaskTimers(log.storage, executor,
        new TaskTimers.Settings(Duration.ofMillis(400), Duration.ofMillis(200)), rescheduler, Clock.systemUTC());
    manager = new StateManager(Clock.systemUTC(), "s", rescheduler, timers);
    timers.connect(manager, t -> kills.add(t.taskId()), () -> { });
  }

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
    log.close();
  }

  private ScheduledTask running(boolean service) {
    return running(TestTasks.config(job, service));
  }

  private ScheduledTask running(TaskConfig config) {
    ScheduledTask t = log.storage.write(s -> manager.insertPendingTasks(s, config, Set.of(0))).get(0);
    log.storage.write(s -> manager.assignTask(s, t.taskId(), "a", "h", Map.of()));
    log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), RUNNING, null));
    return t;
  }

  private ScheduledTask task(String id) {
    return log.stores.task(id).orElseThrow();
  }

  @Test
  void killsAreRetriedUntilTheTaskIsGoneThenTimeOutToLost() {
    ScheduledTask t = running(true);
    log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), KILLING, null));
    assertThat(kills).containsExactly(t.taskId());
    await().atMost(Duration.ofSeconds(5)).until(() -> kills.size() >= 2);
    // Never confirmed: after the transient timeout the task is LOST (a user kill is not rescheduled).
    await().atMost(Duration.ofSeconds(5)).until(() -> task(t.taskId()).status() == LOST);
    assertThat(task(t.taskId()).taskEvents().get(task(t.taskId()).taskEvents().size() - 1).message())
        .contains("timed out in KILLING");
    assertThat(log.stores.tasksOf(job).stream().filter(x -> x.status().isActive())).isEmpty();
    // Once the task is gone the kill is not retried any more: no timer is left to send one.
    await().atMost(Duration.ofSeconds(10)).until(() -> executor.getQueue().isEmpty() && executor.getActiveCount() == 0);
  }

  @Test
  void assignedTaskThatNeverStartsBecomesLostAndIsReplaced() {
    ScheduledTask t = log.storage.write(s -> manager.insertPendingTasks(s, TestTasks.config(job, true), Set.of(0)))
        .get(0);
    log.storage.write(s -> manager.assignTask(s, t.taskId(), "a", "h", Map.of()));
    await().atMost(Duration.ofSeconds(5)).until(() -> task(t.taskId()).status() == LOST);
    // Lost soon after it was placed: it flapped, so its replacement waits out its back-off first.
    await().atMost(Duration.ofSeconds(5)).until(() ->
        log.stores.tasksOf(job).stream().filter(x -> x.status() == PENDING).count() == 1);
  }

  @Test
  void partitionedServiceIsReplacedAtOnceByTheDefaultPartitionPolicy() {
    ScheduledTask t = running(true);
    log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), PARTITIONED, "agent unreachable"));
    await().atMost(Duration.ofSeconds(2)).until(() -> task(t.taskId()).status() == LOST);
    assertThat(task(t.taskId()).taskEvents().get(task(t.taskId()).taskEvents().size() - 1).message())
        .contains("partition policy");
    assertThat(log.stores.tasksOf(job).stream().filter(x -> x.status().isActive() && !x.taskId().equals(t.taskId())))
        .hasSize(1);
  }

  @Test
  void aPartitionPolicyWithoutRescheduleKeepsThePartitionedTaskUntilItsAgentIsBack() {
    ScheduledTask t = running(TestTasks.config(job, true).withPolicies(null, new PartitionPolicy(false, 0)));
    long timersBefore = executor.getTaskCount();
    log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), PARTITIONED, "agent unreachable"));
    // No timer is armed for it (timers are armed while the write commits), and nothing replaces it.
    assertThat(executor.getTaskCount()).isEqualTo(timersBefore);
    assertThat(task(t.taskId()).status()).isEqualTo(PARTITIONED);
    assertThat(log.stores.tasksOf(job)).hasSize(1);
    // The agent is back and reports the task running.
    log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), RUNNING, "agent reregistered"));
    assertThat(task(t.taskId()).status()).isEqualTo(RUNNING);
    assertThat(log.stores.tasksOf(job)).hasSize(1);
  }

  @Test
  void aPartitionPolicyDelayReplacesThePartitionedTaskOnlyAfterTheDelay() {
    ScheduledTask t = running(TestTasks.config(job, true).withPolicies(null, new PartitionPolicy(true, 1)));
    log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), PARTITIONED, "agent unreachable"));
    long partitionedAt = task(t.taskId()).latestEventTime();
    await().atMost(Duration.ofSeconds(5)).until(() -> task(t.taskId()).status() == LOST);
    ScheduledTask lost = task(t.taskId());
    assertThat(lost.latestEventTime() - partitionedAt).isGreaterThanOrEqualTo(1000);
    assertThat(lost.taskEvents().get(lost.taskEvents().size() - 1).message()).contains("delay of 1s");
    assertThat(log.stores.tasksOf(job).stream().filter(x -> x.status().isActive())).hasSize(1);
  }

  @Test
  void throttledTaskBecomesPendingAfterItsBackoff() {
    ScheduledTask t = running(true);
    log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), FAILED, null));
    ScheduledTask next = log.stores.tasksOf(job).stream().filter(x -> x.status().isActive()).findFirst().orElseThrow();
    assertThat(next.status()).isEqualTo(THROTTLED);
    await().atMost(Duration.ofSeconds(5)).until(() -> task(next.taskId()).status() == PENDING);
  }

  @Test
  void rearmRecreatesTimersFromStoredTasks() {
    ScheduledTask t = log.storage.write(s -> manager.insertPendingTasks(s, TestTasks.config(job, true), Set.of(0)))
        .get(0);
    // Assigned while no timers were watching (as before a restart).
    StateManager unwatched = new StateManager(Clock.systemUTC(), "s",
        new RescheduleCalculator(RescheduleCalculator.Settings.DEFAULTS), TaskEffects.NONE);
    log.storage.write(s -> unwatched.assignTask(s, t.taskId(), "a", "h", Map.of()));
    timers.rearm();
    await().atMost(Duration.ofSeconds(5)).until(() -> task(t.taskId()).status() == LOST);
  }

  @Test
  void aThrottledTaskFoundAtStartWaitsThePenaltyItsPredecessorEarned() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    StateManager unwatched = new StateManager(clock, "s", rescheduler, TaskEffects.NONE);
    ScheduledTask first = log.storage.write(s -> unwatched.insertPendingTasks(s, TestTasks.config(job, true),
        Set.of(0))).get(0);
    log.storage.write(s -> unwatched.assignTask(s, first.taskId(), "a", "h", Map.of()));
    clock.advance(Duration.ofSeconds(1));
    log.storage.write(s -> unwatched.changeState(s, first.taskId(), Optional.empty(), FAILED, null));
    ScheduledTask second = throttled();
    clock.advance(Duration.ofMillis(300));  // it waited its 300 ms
    log.storage.write(s -> unwatched.changeState(s, second.taskId(), Optional.empty(), PENDING, null));
    log.storage.write(s -> unwatched.assignTask(s, second.taskId(), "a", "h", Map.of()));
    clock.advance(Duration.ofSeconds(1));
    log.storage.write(s -> unwatched.changeState(s, second.taskId(), Optional.empty(), FAILED, null));
    ScheduledTask third = throttled();

    // As after a failover: new timers find the third task THROTTLED.
    ScheduledThreadPoolExecutor restarted = new ScheduledThreadPoolExecutor(1);
    try {
      TaskTimers rearmed = new TaskTimers(log.storage, restarted,
          new TaskTimers.Settings(Duration.ofMinutes(5), Duration.ofMinutes(5)), rescheduler, clock);
      rearmed.connect(manager, t -> { }, () -> { });
      rearmed.rearm();
      assertThat(restarted.getQueue()).singleElement().satisfies(timer ->
          assertThat(((ScheduledFuture<?>) timer).getDelay(TimeUnit.MILLISECONDS)).as("twice the 300 ms")
              .isGreaterThan(450).isLessThanOrEqualTo(600));
      await().atMost(Duration.ofSeconds(10)).until(() -> task(third.taskId()).status() == PENDING);
    } finally {
      restarted.shutdownNow();
    }
  }

  private ScheduledTask throttled() {
    return log.stores.tasksOf(job).stream().filter(x -> x.status() == THROTTLED).findFirst().orElseThrow();
  }
}
