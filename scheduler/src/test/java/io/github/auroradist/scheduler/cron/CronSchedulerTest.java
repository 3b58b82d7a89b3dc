package io.github.auroradist.scheduler.cron;

import static io.github.auroradist.common.model.ScheduleStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.CronCollisionPolicy;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskEffects;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.testing.MutableClock;
import io.github.auroradist.scheduler.testing.SharedLog;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CronSchedulerTest {
  @RegisterExtension
  static final SharedLog log = new SharedLog();
  static final AtomicInteger JOBS = new AtomicInteger();

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:02:00Z"));
  final StateManager manager = TestTasks.stateManager(clock, TaskEffects.NONE);
  final Stats stats = new Stats();
  final CronScheduler cron = new CronScheduler(log.storage(), manager, clock, ZoneId.of("GMT"), stats);
  final JobKey key = new JobKey("r", "devel", "cron" + JOBS.incrementAndGet());

  private void schedule(String when, CronCollisionPolicy policy) {
    JobConfiguration plain = TestTasks.job(key, 2, false);
    log.storage().write(new Op.SaveJob(new JobConfiguration(key, plain.owner(), when, policy, 2, plain.taskConfig())));
  }

  private List<ScheduledTask> active() {
    return log.stores().tasksOf(key).stream().filter(t -> t.status().isActive()).toList();
  }

  private void set(ScheduledTask t, ScheduleStatus to) {
    log.storage().write(s -> manager.changeState(s, t.taskId(), Optional.empty(), to, null));
  }

  @Test
  void runsWhenDueAndNotBefore() {
    schedule("*/5 * * * *", CronCollisionPolicy.KILL_EXISTING);
    cron.tick();
    clock.advance(Duration.ofSeconds(179));
    cron.tick();
    assertThat(active()).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    cron.tick();
    assertThat(active()).extracting(t -> t.assignedTask().instanceId()).containsExactlyInAnyOrder(0, 1);
    assertThat(active()).allMatch(t -> t.status() == PENDING);
    cron.tick();
    assertThat(active()).hasSize(2);
    assertThat(stats.values().get("cron_job_launches")).isEqualTo(1L);
  }

  @Test
  void killExistingKillsThePreviousRunAndStartsWhenItIsGone() {
    schedule("0 0 1 1 *", CronCollisionPolicy.KILL_EXISTING);
    assertThat(cron.trigger(key)).isEqualTo("started");
    List<ScheduledTask> first = active();
    log.storage().write(s -> manager.assignTask(s, first.get(0).taskId(), "a", "h", Map.of()));
    set(first.get(0), RUNNING);
    assertThat(cron.trigger(key)).contains("KILL_EXISTING");
    // The pending instance was deleted at once; the running one is being killed.
    assertThat(active()).singleElement().extracting(ScheduledTask::status).isEqualTo(KILLING);
    cron.tick();
    assertThat(active()).hasSize(1);
    set(first.get(0), KILLED);
    cron.tick();
    assertThat(active()).hasSize(2).allMatch(t -> t.status() == PENDING)
        .noneMatch(t -> t.taskId().equals(first.get(0).taskId()));
  }

  @Test
  void cancelNewSkipsARunWhileThePreviousIsActive() {
    schedule("0 0 1 1 *", CronCollisionPolicy.CANCEL_NEW);
    cron.trigger(key);
    List<ScheduledTask> first = active();
    assertThat(cron.trigger(key)).startsWith("skipped");
    assertThat(active()).isEqualTo(first);
    assertThat(stats.values().get("cron_job_collisions")).isEqualTo(1L);
  }

  @Test
  void nextRunIsReadInTheConfiguredZone() {
    CronScheduler berlin = new CronScheduler(log.storage(), manager, clock, ZoneId.of("Europe/Berlin"), stats);
    JobConfiguration job = new JobConfiguration(key, null, "0 9 * * *", null, 1, TestTasks.config(key, false));
    assertThat(berlin.nextRun(job).orElseThrow().toInstant()).isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
    assertThat(cron.nextRun(job).orElseThrow().toInstant()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
  }
}
