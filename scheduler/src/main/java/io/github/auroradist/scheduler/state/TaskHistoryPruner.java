package io.github.auroradist.scheduler.state;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Forgets ended tasks: those that ended more than {@code -history_prune_threshold} ago, per instance all but
 * the {@code -history_max_per_instance_threshold} most recent (so that one instance in a crash loop cannot push
 * the others' history out), and per job all but the {@code -history_max_per_job_threshold} most recent of the
 * rest. Active tasks are never pruned.
 */
public final class TaskHistoryPruner {
  /** From the flags -history_prune_threshold, -history_max_per_instance_threshold, -history_max_per_job_threshold. */
  public record Settings(Duration threshold, int maxPerInstance, int maxPerJob) {
  }

  private final Storage storage;
  private final StateManager stateManager;
  private final Clock clock;
  private final Settings settings;

  public TaskHistoryPruner(Storage storage, StateManager stateManager, Clock clock, Settings settings) {
    this.storage = storage;
    this.stateManager = stateManager;
    this.clock = clock;
    this.settings = settings;
  }

  /** Prunes now; returns how many tasks were removed. */
  public int pruneNow() {
    return storage.write(store -> {
      long oldest = clock.millis() - settings.threshold().toMillis();
      Set<String> remove = new TreeSet<>();
      for (JobKey job : store.read().jobKeysWithTasks()) {
        List<ScheduledTask> ended = store.read().tasksOf(job).stream()
            .filter(t -> t.status().isTerminal())
            .sorted(Comparator.comparingLong(ScheduledTask::latestEventTime).reversed())
            .toList();
        Map<Integer, Integer> keptPerInstance = new HashMap<>();
        int keptInJob = 0;
        for (ScheduledTask t : ended) {
          int instance = t.assignedTask().instanceId();
          if (t.latestEventTime() < oldest || keptInJob >= settings.maxPerJob()
              || keptPerInstance.getOrDefault(instance, 0) >= settings.maxPerInstance()) {
            remove.add(t.taskId());
          } else {
            keptPerInstance.merge(instance, 1, Integer::sum);
            keptInJob++;
          }
        }
      }
      stateManager.deleteTasks(store, remove);
      return remove.size();
    });
  }
}
