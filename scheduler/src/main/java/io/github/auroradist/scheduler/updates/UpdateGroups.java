package io.github.auroradist.scheduler.updates;

import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * The batching strategies: which instances of a plan may be worked on together. {@code QUEUE} keeps up to its
 * size working and starts the next as soon as one finishes; {@code BATCH} works on groups of its size, one group at
 * a time; {@code VARIABLE_BATCH} uses its sizes in order, the last for every later group. So never more instances
 * are down at once than the group allows.
 */
final class UpdateGroups {
  private UpdateGroups() {
  }

  /**
   * The strategy an update follows: the one it names, or the one its older fields mean (Aurora's
   * {@code batch_size} with {@code wait_for_batch_completion}).
   */
  static JobUpdateStrategy strategy(JobUpdateSettings settings) {
    if (settings.updateStrategy() != null) {
      return settings.updateStrategy();
    }
    return new JobUpdateStrategy(settings.waitForBatchCompletion() ? JobUpdateStrategy.Kind.BATCH
        : JobUpdateStrategy.Kind.QUEUE, List.of(settings.updateGroupSize()), false);
  }

  /** The plan's instances in groups, for the strategies that wait for whole groups. */
  static List<List<Integer>> groups(List<Integer> order, JobUpdateStrategy strategy) {
    List<Integer> sizes = strategy.groupSizes();
    List<List<Integer>> groups = new ArrayList<>();
    int next = 0;
    for (int g = 0; next < order.size(); g++) {
      int size = Math.max(1, sizes.get(Math.min(g, sizes.size() - 1)));
      groups.add(order.subList(next, Math.min(order.size(), next + size)));
      next += size;
    }
    return groups;
  }

  /** The instances to start now, given where each instance of the plan is. */
  static List<Integer> toStart(List<Integer> order, UpdateProgress progress, JobUpdateStrategy strategy) {
    List<Integer> start = new ArrayList<>();
    if (strategy.kind() == JobUpdateStrategy.Kind.QUEUE) {
      long working = order.stream().filter(i -> progress.state(i) == UpdateProgress.State.WORKING).count();
      int size = Math.max(1, strategy.groupSizes().get(0));
      for (int i : order) {
        if (working + start.size() >= size) {
          break;
        }
        if (progress.state(i) == UpdateProgress.State.NOT_STARTED) {
          start.add(i);
        }
      }
      return start;
    }
    for (List<Integer> group : groups(order, strategy)) {
      if (!group.stream().allMatch(progress::finished)) {
        group.stream().filter(i -> progress.state(i) == UpdateProgress.State.NOT_STARTED).forEach(start::add);
        return start;
      }
    }
    return start;
  }

  /**
   * Whether {@code finishedNow} (instances that finished in this evaluation) completed a group after which others
   * remain: when an update pauses after each batch.
   */
  static boolean groupCompleted(List<Integer> order, UpdateProgress progress, JobUpdateStrategy strategy,
      List<Integer> finishedNow) {
    if (strategy.kind() == JobUpdateStrategy.Kind.QUEUE || finishedNow.isEmpty()) {
      return false;
    }
    List<List<Integer>> groups = groups(order, strategy);
    for (int g = 0; g < groups.size() - 1; g++) {
      List<Integer> group = groups.get(g);
      if (group.stream().anyMatch(finishedNow::contains) && group.stream().allMatch(progress::finished)) {
        return true;
      }
    }
    return false;
  }
}
