package io.github.auroradist.scheduler.recovery;

import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.LeaderGate;
import io.github.auroradist.scheduler.api.TaskQuery;
import io.github.auroradist.scheduler.storage.BackupWriter;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreSnapshot;
import io.github.auroradist.scheduler.storage.StoreView;
import io.github.auroradist.scheduler.storage.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery of a running cluster from one of its backups (aurora-admin scheduler_stage_recovery and the rest): the
 * backup is loaded beside the live state, looked at and trimmed, then committed through the replicated log, so every
 * scheduler holds it, or unloaded. The staged copy lives in the leader's memory only: a new leader has none.
 */
public final class OnlineRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(OnlineRecovery.class);

  /** What a stage or commit holds. */
  public record Summary(String backup, int jobs, int tasks) {
  }

  private record Staged(String backup, InMemoryStores stores) {
    Summary summary() {
      return new Summary(backup, stores.jobs().size(), stores.tasks(t -> true).size());
    }
  }

  private final Storage storage;
  private final LeaderGate leader;
  private final BackupWriter backups;
  private final Clock clock;
  private final Runnable afterCommit;
  private Staged staged;

  /**
   * @param backups the backups to recover from; null when -backup_dir is not set
   * @param afterCommit run once a recovery is committed: the leader's timers and Mesos catch up with the new state
   */
  public OnlineRecovery(Storage storage, LeaderGate leader, BackupWriter backups, Clock clock, Runnable afterCommit) {
    this.storage = storage;
    this.leader = leader;
    this.backups = backups;
    this.clock = clock;
    this.afterCommit = afterCommit;
  }

  /** Loads a backup (by the name /api/admin/backups lists) beside the live state. */
  public synchronized Summary stage(String backup) {
    leader.requireLeader();
    if (backup == null || backup.isBlank()) {
      throw ApiException.invalid("backup: name the backup to stage, as aurora-admin scheduler_list_backups lists it");
    }
    if (staged != null) {
      throw conflict("backup " + staged.backup() + " is already staged; unload it first"
          + " (aurora-admin scheduler_unload_recovery)");
    }
    Path file = find(backup);
    InMemoryStores stores = new InMemoryStores();
    try {
      stores.restore(BackupWriter.read(file));
    } catch (RuntimeException e) {
      throw ApiException.invalid("backup " + backup + " cannot be staged: " + e.getMessage());
    }
    staged = new Staged(backup, stores);
    LOG.info("Staged backup {} for recovery", backup);
    return staged.summary();
  }

  /** The staged backup's tasks the query selects. */
  public synchronized List<ScheduledTask> tasks(TaskQuery query) {
    return requireStaged().stores().tasks(query::matches);
  }

  /** Removes the selected tasks from the staged copy (the live state is untouched); returns their ids. */
  public synchronized List<String> deleteTasks(TaskQuery query) {
    leader.requireLeader();
    InMemoryStores stores = requireStaged().stores();
    List<String> ids = stores.tasks(query::matches).stream().map(ScheduledTask::taskId).toList();
    if (!ids.isEmpty()) {
      stores.apply(new Transaction(List.of(new Op.RemoveTasks(Set.copyOf(ids)))));
    }
    return ids;
  }

  /**
   * Makes the staged copy the live state on every scheduler (one RestoreSnapshot op through the log), then empties
   * the stage. The framework id and the schedulers' addresses stay the live ones: they describe the running cluster,
   * not what it runs.
   */
  public synchronized Summary commit() {
    leader.requireLeader();
    Staged recovering = requireStaged();
    StoreSnapshot backup = recovering.stores().snapshot(clock.millis());
    storage.write(store -> {
      StoreView live = store.read();
      Map<String, String> endpoints = liveEndpoints(live, backup);
      store.add(new Op.RestoreSnapshot(new StoreSnapshot(backup.formatVersion(), backup.timestamp(),
          live.frameworkId().orElse(backup.frameworkId()), backup.jobs(), backup.tasks(), backup.hostAttributes(),
          backup.quotas(), endpoints, backup.hostMaintenance(), backup.jobUpdates(), backup.slaDrains(),
          backup.mesosDrainedHosts())));
      return null;
    });
    staged = null;
    LOG.info("Committed the recovery from backup {}: {} jobs, {} tasks", recovering.backup(), backup.jobs().size(),
        backup.tasks().size());
    afterCommit.run();
    return new Summary(recovering.backup(), backup.jobs().size(), backup.tasks().size());
  }

  /** Drops the staged copy. */
  public synchronized Map<String, String> unload() {
    leader.requireLeader();
    String backup = requireStaged().backup();
    staged = null;
    LOG.info("Unloaded the staged backup {}", backup);
    return Map.of("backup", backup);
  }

  /** The live schedulers' addresses: those the backup knows, updated by the live ones. */
  private static Map<String, String> liveEndpoints(StoreView live, StoreSnapshot backup) {
    Map<String, String> out = new java.util.TreeMap<>(backup.schedulerEndpoints());
    for (String peer : backup.schedulerEndpoints().keySet()) {
      live.schedulerEndpoint(peer).ifPresent(url -> out.put(peer, url));
    }
    return out;
  }

  private Path find(String backup) {
    if (backups == null) {
      throw ApiException.notFound("backup " + backup + " does not exist: backups are off (start the scheduler with"
          + " -backup_dir)");
    }
    try {
      return backups.list().stream().filter(p -> p.getFileName().toString().equals(backup)).findFirst()
          .orElseThrow(() -> ApiException.notFound("backup " + backup + " does not exist; aurora-admin"
              + " scheduler_list_backups lists those there are"));
    } catch (IOException e) {
      throw new ApiException(ApiException.ERROR, 500, "listing backups failed: " + e.getMessage());
    }
  }

  private Staged requireStaged() {
    if (staged == null) {
      throw conflict("no backup is staged; stage one first (aurora-admin scheduler_stage_recovery)");
    }
    return staged;
  }

  private static ApiException conflict(String message) {
    return new ApiException(ApiException.RECOVERY_CONFLICT, 409, message);
  }
}
