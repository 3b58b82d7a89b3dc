package io.github.auroradist.scheduler.api;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.api.ApiRecords.PruneTasksRequest;
import io.github.auroradist.scheduler.api.ApiRecords.PruneTasksResponse;
import io.github.auroradist.scheduler.api.ApiRecords.ReconcileRequest;
import io.github.auroradist.scheduler.api.ApiRecords.ReconcileResponse;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Operators' actions on the scheduler's storage and its framework: snapshots, backups, reconciliation and task
 * pruning (aurora-admin scheduler_*, reconcile_tasks, prune_tasks).
 */
public final class AdminService {
  /** Aurora's reconcile_tasks batch size. */
  public static final int DEFAULT_RECONCILE_BATCH = 1000;

  private final Storage storage;
  private final LeaderGate leader;
  private final AdminActions actions;

  public AdminService(Storage storage, LeaderGate leader, AdminActions actions) {
    this.storage = storage;
    this.leader = leader;
    this.actions = actions;
  }

  /** aurora-admin scheduler_snapshot. */
  public Map<String, Object> snapshotNow() {
    leader.requireLeader();
    return Map.of("logIndex", attempt("the snapshot", actions::snapshotNow));
  }

  /** aurora-admin scheduler_backup_now. */
  public Map<String, Object> backupNow() {
    leader.requireLeader();
    return Map.of("file", attempt("the backup", actions::backupNow).toString());
  }

  /** aurora-admin scheduler_list_backups. */
  public Map<String, Object> listBackups() {
    return Map.of("backups", attempt("listing backups", actions::listBackups).stream()
        .map(p -> p.getFileName().toString()).toList());
  }

  /** aurora-admin reconcile_tasks: Mesos answers each task asked about with a status update. */
  public ReconcileResponse reconcile(ReconcileRequest request) {
    String type = request.type() == null ? "" : request.type().trim().toUpperCase(Locale.ROOT);
    switch (type) {
      case "EXPLICIT" -> {
        int batch = request.batchSize() == null ? DEFAULT_RECONCILE_BATCH : request.batchSize();
        if (batch < 1) {
          throw ApiException.invalid("batchSize: " + batch + " is too small; give at least 1 (default "
              + DEFAULT_RECONCILE_BATCH + ")");
        }
        leader.requireLeader();
        return new ReconcileResponse("EXPLICIT", attempt("the explicit reconciliation",
            () -> actions.reconcileExplicitly(batch)));
      }
      case "IMPLICIT" -> {
        leader.requireLeader();
        attempt("the implicit reconciliation", () -> {
          actions.reconcileImplicitly();
          return null;
        });
        return new ReconcileResponse("IMPLICIT", 0);
      }
      default -> throw ApiException.invalid("type: '" + request.type() + "' is not a reconciliation type; use"
          + " EXPLICIT or IMPLICIT");
    }
  }

  /** aurora-admin prune_tasks: forgets ended tasks now; active ones are never pruned. */
  public PruneTasksResponse pruneTasks(PruneTasksRequest request) {
    Set<ScheduleStatus> statuses = request.statuses() == null || request.statuses().isEmpty()
        ? ScheduleStatus.TERMINAL : EnumSet.copyOf(request.statuses());
    Set<ScheduleStatus> active = new TreeSet<>(statuses);
    active.removeAll(ScheduleStatus.TERMINAL);
    if (!active.isEmpty()) {
      throw ApiException.invalid("statuses: " + active + " are not ended states; only tasks in "
          + new TreeSet<>(ScheduleStatus.TERMINAL) + " can be pruned");
    }
    if (request.limit() != null && request.limit() < 1) {
      throw ApiException.invalid("limit: " + request.limit() + " is too small; give at least 1, or leave it out");
    }
    leader.requireLeader();
    TaskQuery query = new TaskQuery(request.role(), request.environment(), request.name(), null, statuses, null);
    List<String> pruned = storage.write(store -> {
      List<String> ids = store.read().tasks(query::matches).stream()
          // The oldest go first when a limit stops the pruning short.
          .sorted(Comparator.comparingLong(ScheduledTask::latestEventTime))
          .limit(request.limit() == null ? Long.MAX_VALUE : request.limit())
          .map(ScheduledTask::taskId)
          .toList();
      if (!ids.isEmpty()) {
        store.add(new Op.RemoveTasks(Set.copyOf(ids)));
      }
      return ids;
    });
    return new PruneTasksResponse(pruned.stream().sorted().toList());
  }

  @FunctionalInterface
  private interface Action<T> {
    T run() throws Exception;
  }

  /** Runs an action; a failure that is not already a refusal is a 500 saying what failed. */
  private static <T> T attempt(String what, Action<T> action) {
    try {
      return action.run();
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) {
      throw new ApiException(ApiException.ERROR, 500, what + " failed: " + e.getMessage());
    }
  }
}
