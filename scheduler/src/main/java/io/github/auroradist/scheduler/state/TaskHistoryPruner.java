package io.github.auroradist.scheduler.state;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Forgets ended tasks: those that ended more than {@code -history_prune_threshold} ago, and per
 * job all but the {@code -history_max_per_job_threshold} most recent. Active tasks are never pruned.
 */
public final class TaskHistoryPruner {
  private final Storage storage;
  private final StateManager stateManager;
  private final Clock clock;
  private final Duration threshold;
  private final int maxPerJob;

  public TaskHistoryPruner(Storage storage, StateManager stateManager, Clock clock, Duration threshold,
      int maxPerJob) {
    this.storage = storage;
    this.stateManager = stateManager;
    this.clock = clock;
    this.threshold = threshold;
    this.maxPerJob = maxPerJob;
  }

  /** Prunes now; returns how many tasks were removed. */
  public int pruneNow() {
    return storage.write(store -> {
      long oldest = clock.millis() - threshold.toMillis();
      Set<String> remove = new TreeSet<>();
      for (JobKey job : store.read().jobKeysWithTasks()) {
        List<ScheduledTask> ended = store.read().tasksOf(job).stream()
            .filter(t -> t.status().isTerminal())
            .sorted(Comparator.comparingLong(ScheduledTask::latestEventTime).reversed())
            .toList();
        for (int i = 0; i < ended.size(); i++) {
          if (i >= maxPerJob || ended.get(i).latestEventTime() < oldest) {
            remove.add(ended.get(i).taskId());
          }
        }
      }
      stateManager.deleteTasks(store, remove);
      return remove.size();
    });
  }
}
