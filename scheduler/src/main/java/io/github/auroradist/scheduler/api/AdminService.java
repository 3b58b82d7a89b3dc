package io.github.auroradist.scheduler.api;

import java.util.Map;

/** Operators' actions on the scheduler's storage: snapshots and backups (aurora-admin scheduler_*). */
public final class AdminService {
  private final LeaderGate leader;
  private final AdminActions actions;

  public AdminService(LeaderGate leader, AdminActions actions) {
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
