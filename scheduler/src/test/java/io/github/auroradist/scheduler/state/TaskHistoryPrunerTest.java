package io.github.auroradist.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.testing.MutableClock;
import io.github.auroradist.scheduler.testing.OpenLog;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskHistoryPrunerTest {
  @TempDir
  Path dir;
  OpenLog log;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final StateManager manager = TestTasks.stateManager(clock, TaskEffects.NONE);

  @BeforeEach
  void openLog() throws Exception {
    log = new OpenLog(dir.resolve("db"));
  }

  @AfterEach
  void closeLog() {
    log.close();
  }

  private TaskHistoryPruner pruner(int maxPerInstance, int maxPerJob) {
    return new TaskHistoryPruner(log.storage, manager, clock,
        new TaskHistoryPruner.Settings(Duration.ofDays(2), maxPerInstance, maxPerJob));
  }

  @Test
  void prunesOldEndedTasksAndKeepsAtMostNPerJob() {
    TaskHistoryPruner pruner = pruner(10, 2);
    JobKey job = new JobKey("r", "devel", "adhoc");
    // Four ad-hoc instances that finish one hour apart, plus one that keeps running.
    List<ScheduledTask> tasks = log.storage.write(s ->
        manager.insertPendingTasks(s, TestTasks.config(job, false), Set.of(0, 1, 2, 3, 4)));
    for (ScheduledTask t : tasks) {
      log.storage.write(s -> manager.assignTask(s, t.taskId(), "a", "h", Map.of()));
      log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), ScheduleStatus.RUNNING, null));
    }
    for (ScheduledTask t : tasks.subList(0, 4)) {
      clock.advance(Duration.ofHours(1));
      log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), ScheduleStatus.FINISHED, null));
    }
    assertThat(pruner.pruneNow()).isEqualTo(2);
    assertThat(log.stores.tasksOf(job)).extracting(ScheduledTask::taskId)
        .containsExactlyInAnyOrder(tasks.get(2).taskId(), tasks.get(3).taskId(), tasks.get(4).taskId());
    clock.advance(Duration.ofDays(2).minusMinutes(30));
    assertThat(pruner.pruneNow()).isEqualTo(1);
    clock.advance(Duration.ofDays(30));
    assertThat(pruner.pruneNow()).isEqualTo(1);
    assertThat(log.stores.tasksOf(job)).extracting(ScheduledTask::status).containsExactly(ScheduleStatus.RUNNING);
  }

  @Test
  void anInstanceInACrashLoopKeepsOnlyItsNewestEndedTasksAndLeavesTheOthersHistory() {
    TaskHistoryPruner pruner = pruner(3, 100);
    JobKey job = new JobKey("r", "prod", "service");
    List<ScheduledTask> first = log.storage.write(s ->
        manager.insertPendingTasks(s, TestTasks.config(job, true), Set.of(0, 1)));
    // Instance 1 ends once; instance 0 fails again and again, each replacement a minute later.
    ScheduledTask other = first.get(1);
    log.storage.write(s -> manager.assignTask(s, other.taskId(), "a", "h", Map.of()));
    log.storage.write(s -> manager.changeState(s, other.taskId(), Optional.empty(), ScheduleStatus.FAILED, null));
    for (int i = 0; i < 8; i++) {
      ScheduledTask current = log.stores.tasksOf(job).stream()
          .filter(t -> t.assignedTask().instanceId() == 0 && t.status().isActive()).findFirst().orElseThrow();
      clock.advance(Duration.ofMinutes(1));
      if (current.status() == ScheduleStatus.THROTTLED) {
        log.storage.write(s -> manager.changeState(s, current.taskId(), Optional.empty(), ScheduleStatus.PENDING,
            null));
      }
      log.storage.write(s -> manager.assignTask(s, current.taskId(), "a", "h", Map.of()));
      log.storage.write(s -> manager.changeState(s, current.taskId(), Optional.empty(), ScheduleStatus.FAILED,
          null));
    }
    List<ScheduledTask> endedOfCrashing = ended(job, 0);
    assertThat(endedOfCrashing).hasSize(8);

    assertThat(pruner.pruneNow()).isEqualTo(5);
    List<ScheduledTask> kept = ended(job, 0);
    assertThat(kept).extracting(ScheduledTask::taskId).containsExactlyInAnyOrderElementsOf(endedOfCrashing.stream()
        .sorted(java.util.Comparator.comparingLong(ScheduledTask::latestEventTime).reversed()).limit(3)
        .map(ScheduledTask::taskId).toList());
    assertThat(ended(job, 1)).extracting(ScheduledTask::taskId).containsExactly(other.taskId());
    assertThat(log.stores.tasksOf(job).stream().filter(t -> t.status().isActive())).hasSize(2);
  }

  private List<ScheduledTask> ended(JobKey job, int instance) {
    return log.stores.tasksOf(job).stream()
        .filter(t -> t.assignedTask().instanceId() == instance && t.status().isTerminal()).toList();
  }
}
