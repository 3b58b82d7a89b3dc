package io.github.auroradist.scheduler.updates;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.update.InstanceTaskConfig;
import io.github.auroradist.common.model.update.JobUpdateDiff;
import io.github.auroradist.common.model.update.JobUpdateInstructions;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which instances an update changes, in the order it changes them, and what each should become. Rolling forward,
 * new instances are added first, then changed ones replaced, then removed ones killed (each group by instance id);
 * rolling back goes through the instances the update touched in the opposite order, back to where they started.
 * Only instances whose configuration differs are in a plan: an instance already as desired is left alone.
 *
 * @param steps each instance to change and its target configuration (null: the instance is removed)
 */
public record UpdatePlan(List<Step> steps) {
  /** One instance and the configuration it should end with, or null when it should not exist. */
  public record Step(int instanceId, TaskConfig target) {
  }

  public UpdatePlan {
    steps = List.copyOf(steps);
  }

  public List<Integer> order() {
    return steps.stream().map(Step::instanceId).toList();
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The plan that takes the job from the instructions' initial state to the desired one. */
  public static UpdatePlan forward(JobUpdateInstructions instructions) {
    SortedMap<Integer, TaskConfig> initial = configsByInstance(instructions.initialState());
    SortedMap<Integer, TaskConfig> desired = instructions.desiredState() == null ? new TreeMap<>()
        : configsByInstance(List.of(instructions.desiredState()));
    InstanceRanges scope = instructions.settings().updateOnlyTheseInstances();
    List<Step> add = new ArrayList<>();
    List<Step> replace = new ArrayList<>();
    List<Step> remove = new ArrayList<>();
    for (Map.Entry<Integer, TaskConfig> d : desired.entrySet()) {
      if (scope != null && !scope.contains(d.getKey())) {
        continue;
      }
      TaskConfig now = initial.get(d.getKey());
      if (now == null) {
        add.add(new Step(d.getKey(), d.getValue()));
      } else if (!now.equals(d.getValue())) {
        replace.add(new Step(d.getKey(), d.getValue()));
      }
    }
    for (int instance : initial.keySet()) {
      if (!desired.containsKey(instance) && (scope == null || scope.contains(instance))) {
        remove.add(new Step(instance, null));
      }
    }
    List<Step> steps = new ArrayList<>(add);
    steps.addAll(replace);
    steps.addAll(remove);
    return new UpdatePlan(steps);
  }

  /** The plan that takes the instances the update {@code touched} back to the initial state, last touched first. */
  public static UpdatePlan rollback(JobUpdateInstructions instructions, Set<Integer> touched) {
    SortedMap<Integer, TaskConfig> initial = configsByInstance(instructions.initialState());
    List<Step> back = new ArrayList<>();
    for (Step s : forward(instructions).steps()) {
      if (touched.contains(s.instanceId())) {
        back.add(new Step(s.instanceId(), initial.get(s.instanceId())));
      }
    }
    Collections.reverse(back);
    return new UpdatePlan(back);
  }

  /** Each instance's configuration, from configurations with the instances that have them. */
  public static SortedMap<Integer, TaskConfig> configsByInstance(List<InstanceTaskConfig> configs) {
    SortedMap<Integer, TaskConfig> out = new TreeMap<>();
    for (InstanceTaskConfig c : configs) {
      for (int i : c.instances().toSortedSet()) {
        out.put(i, c.task());
      }
    }
    return out;
  }

  /**
   * The configuration each instance of the job has now, from its active tasks. A task being killed
   * (KILLING) is on its way out and does not count; one being restarted, preempted or drained comes back.
   */
  public static SortedMap<Integer, TaskConfig> currentConfigs(StoreView view, JobKey job) {
    SortedMap<Integer, TaskConfig> out = new TreeMap<>();
    for (ScheduledTask t : view.tasksOf(job)) {
      if (t.status().isActive() && t.status() != ScheduleStatus.KILLING) {
        out.put(t.assignedTask().instanceId(), t.assignedTask().task());
      }
    }
    return out;
  }

  /** The instances grouped by configuration, in the order each configuration is first met. */
  public static List<InstanceTaskConfig> grouped(SortedMap<Integer, TaskConfig> configs) {
    Map<TaskConfig, List<Integer>> byConfig = new LinkedHashMap<>();
    configs.forEach((i, c) -> byConfig.computeIfAbsent(c, k -> new ArrayList<>()).add(i));
    List<InstanceTaskConfig> out = new ArrayList<>();
    byConfig.forEach((c, ids) -> out.add(new InstanceTaskConfig(c, InstanceRanges.of(ids))));
    return out;
  }

  /**
   * What an update from {@code current} to {@code proposed} on instances 0 to {@code count - 1} would do to each
   * instance (a job that does not exist has no current instances: everything is added).
   */
  public static JobUpdateDiff diff(SortedMap<Integer, TaskConfig> current, TaskConfig proposed, int count) {
    SortedMap<Integer, TaskConfig> add = new TreeMap<>();
    SortedMap<Integer, TaskConfig> remove = new TreeMap<>();
    SortedMap<Integer, TaskConfig> update = new TreeMap<>();
    SortedMap<Integer, TaskConfig> unchanged = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      TaskConfig now = current.get(i);
      (now == null ? add : now.equals(proposed) ? unchanged : update).put(i, now == null || !now.equals(proposed)
          ? proposed : now);
    }
    current.forEach((i, c) -> {
      if (i >= count) {
        remove.put(i, c);
      }
    });
    return new JobUpdateDiff(grouped(add), grouped(remove), grouped(update), grouped(unchanged));
  }
}
