package io.github.auroradist.scheduler.preemption;

import static io.github.auroradist.common.model.ScheduleStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.api.Tiers;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskEffects;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.testing.MutableClock;
import io.github.auroradist.scheduler.testing.SharedLog;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PreemptorTest {
  @RegisterExtension
  static final SharedLog log = new SharedLog();
  static final AtomicInteger HOSTS = new AtomicInteger();

  // Each test a day after the previous one, on a host of its own (the log holds the earlier tests' tasks).
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z").plus(Duration.ofDays(HOSTS.get())));
  final String host = "host" + HOSTS.incrementAndGet();
  final StateManager manager = TestTasks.stateManager(clock, TaskEffects.NONE);
  final Preemptor preemptor = new Preemptor(log.storage(), manager, clock, Duration.ofMinutes(3),
      Tiers.AURORA_DEFAULT, 0.25, 128, new Stats());

  @BeforeEach
  void clearPending() {
    // Earlier tests' pending tasks must not compete.
    for (ScheduledTask t : log.stores().tasks(t -> t.status() == PENDING)) {
      log.storage().write(s -> manager.changeState(s, t.taskId(), Optional.empty(), KILLING, null));
    }
  }

  static TaskConfig config(String role, String name, int priority, String tier, double cpu) {
    JobKey key = new JobKey(role, "prod", name);
    TaskConfig c = TestTasks.config(key, true);
    return new TaskConfig(key, c.owner(), new Resources(cpu, 512, 512, 0, Set.of()), List.of(), true, false,
        priority, tier, 1, null, List.of(), c.executorConfig());
  }

  ScheduledTask runningOnHost(TaskConfig config) {
    ScheduledTask t = log.storage().write(s -> manager.insertPendingTasks(s, config, Set.of(0))).get(0);
    log.storage().write(s -> manager.assignTask(s, t.taskId(), "agent-" + host, host, Map.of()));
    log.storage().write(s -> manager.changeState(s, t.taskId(), Optional.empty(), RUNNING, null));
    return t;
  }

  ScheduledTask pending(TaskConfig config) {
    return log.storage().write(s -> manager.insertPendingTasks(s, config, Set.of(0))).get(0);
  }

  ScheduledTask task(String id) {
    return log.stores().task(id).orElseThrow();
  }

  @Test
  void higherPriorityTaskOfTheSameRolePreemptsAfterTheDelay() {
    ScheduledTask low = runningOnHost(config("team" + host, "low", 0, "preemptible", 2));
    ScheduledTask high = pending(config("team" + host, "high", 10, "preemptible", 2));
    clock.advance(Duration.ofMinutes(2));
    assertThat(preemptor.run()).isEmpty();
    clock.advance(Duration.ofMinutes(2));
    assertThat(preemptor.run()).containsExactly(low.taskId());
    assertThat(task(low.taskId()).status()).isEqualTo(PREEMPTING);
    assertThat(task(low.taskId()).taskEvents().get(task(low.taskId()).taskEvents().size() - 1).message())
        .contains(high.taskId());
    // Room was made once; the pending task is not given a second host.
    assertThat(preemptor.run()).isEmpty();
  }

  @Test
  void otherRolesAreOnlyPreemptedByNonPreemptibleTiers() {
    ScheduledTask theirs = runningOnHost(config("other" + host, "batch", 0, "preemptible", 1));
    pending(config("mine" + host, "web", 10, "preemptible", 1));
    clock.advance(Duration.ofMinutes(5));
    assertThat(preemptor.run()).isEmpty();
    pending(config("mine" + host, "prod-web", 0, "preferred", 1));
    clock.advance(Duration.ofMinutes(5));
    assertThat(preemptor.run()).containsExactly(theirs.taskId());
  }

  @Test
  void preferredTasksAreNeverPreemptedAndVictimsMustCoverTheTask() {
    runningOnHost(config("x" + host, "keeper", 0, "preferred", 4));
    runningOnHost(config("y" + host, "small", 0, "preemptible", 0.5));
    pending(config("z" + host, "big", 0, "preferred", 2));
    clock.advance(Duration.ofMinutes(5));
    assertThat(preemptor.run()).isEmpty();
  }
}
