package io.github.auroradist.scheduler.updates;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import java.util.List;

/**
 * One instance's way to its target in an update, decided from its tasks alone (so a new leader decides the same
 * as the old one did): tasks with another configuration are killed; once none is left a task with the target
 * configuration is added; the instance is updated once that task has been RUNNING for the watch period (the
 * executor reports RUNNING only after the health checks pass), and failed once more of its tasks with the target
 * configuration ended than the settings allow. An instance whose target is absent is done when it has no active
 * task left.
 */
final class InstanceStep {
  /** Where the instance is. */
  enum Outcome { WORKING, SUCCEEDED, FAILED }

  /**
   * What to do for the instance now.
   *
   * @param kill its tasks to kill (they run another configuration, or the instance is being removed)
   * @param add whether to add a task with the target configuration
   */
  record Decision(Outcome outcome, List<ScheduledTask> kill, boolean add) {
    Decision {
      kill = List.copyOf(kill);
    }
  }

  /**
   * How long a target task must run and how many of them may fail.
   *
   * @param minRunningMs {@code minWaitInInstanceRunningMs}
   * @param maxFailures {@code maxPerInstanceFailures}
   */
  record Limits(long minRunningMs, int maxFailures) {
  }

  private InstanceStep() {
  }

  /**
   * Decides the next step of an instance.
   *
   * @param target the configuration the instance should end with, null when it should not exist
   * @param tasks every stored task of the instance, active or not
   * @param since when the update began working on this instance (in this direction): older failures do not count
   */
  static Decision decide(TaskConfig target, List<ScheduledTask> tasks, long since, long now, Limits limits) {
    List<ScheduledTask> active = tasks.stream().filter(t -> t.status().isActive()).toList();
    List<ScheduledTask> kill = active.stream().filter(t -> t.status() != ScheduleStatus.KILLING
        && (target == null || !target.equals(t.assignedTask().task()))).toList();
    if (target == null) {
      return new Decision(active.isEmpty() ? Outcome.SUCCEEDED : Outcome.WORKING, kill, false);
    }
    if (failures(target, tasks, since) > limits.maxFailures()) {
      return new Decision(Outcome.FAILED, List.of(), false);
    }
    List<ScheduledTask> right = active.stream().filter(t -> target.equals(t.assignedTask().task())).toList();
    boolean settled = kill.isEmpty() && right.size() == 1 && right.get(0).status() == ScheduleStatus.RUNNING
        && now - right.get(0).latestEventTime() >= limits.minRunningMs();
    if (settled) {
      return new Decision(Outcome.SUCCEEDED, List.of(), false);
    }
    return new Decision(Outcome.WORKING, kill, active.isEmpty());
  }

  /**
   * Tasks with the target configuration that ended on their own since {@code since}; a task the scheduler was
   * asked to kill (it went through KILLING) did not fail.
   */
  static int failures(TaskConfig target, List<ScheduledTask> tasks, long since) {
    int failures = 0;
    for (ScheduledTask t : tasks) {
      if (t.status().isTerminal() && target.equals(t.assignedTask().task()) && t.latestEventTime() >= since
          && t.taskEvents().stream().noneMatch(e -> e.status() == ScheduleStatus.KILLING)) {
        failures++;
      }
    }
    return failures;
  }
}
