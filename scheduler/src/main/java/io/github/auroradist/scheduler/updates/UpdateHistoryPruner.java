package io.github.auroradist.scheduler.updates;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateKey;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Forgets ended job updates: per job all but the {@code -job_update_history_per_job_threshold} newest, and any that
 * ended more than {@code -job_update_history_pruning_threshold} ago. An update under way is never pruned.
 */
public final class UpdateHistoryPruner {
  /**
   * From the flags -job_update_history_per_job_threshold, -job_update_history_pruning_interval and
   * -job_update_history_pruning_threshold.
   */
  public record Settings(int perJob, Duration interval, Duration threshold) {
    public static final Settings DEFAULTS = new Settings(10, Duration.ofMinutes(15), Duration.ofDays(30));
  }

  private final Storage storage;
  private final Clock clock;
  private final Settings settings;

  public UpdateHistoryPruner(Storage storage, Clock clock, Settings settings) {
    this.storage = storage;
    this.clock = clock;
    this.settings = settings;
  }

  /** Prunes now; returns how many updates were forgotten. */
  public int pruneNow() {
    return storage.write(store -> {
      long oldest = clock.millis() - settings.threshold().toMillis();
      Map<JobKey, Integer> kept = new HashMap<>();
      Set<JobUpdateKey> remove = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
      // Newest first, so the first ones met of each job are those kept.
      for (JobUpdateDetails d : store.read().jobUpdates()) {
        var summary = d.update().summary();
        if (!summary.state().status().isTerminal()) {
          continue;
        }
        JobKey job = summary.key().job();
        if (summary.state().lastModifiedTimestampMs() < oldest || kept.getOrDefault(job, 0) >= settings.perJob()) {
          remove.add(summary.key());
        } else {
          kept.merge(job, 1, Integer::sum);
        }
      }
      if (!remove.isEmpty()) {
        store.add(new Op.RemoveJobUpdates(remove));
      }
      return remove.size();
    });
  }
}
