package io.github.auroradist.scheduler.api;

import java.nio.file.Path;
import java.util.List;

/** Operator actions on the scheduler's storage (aurora-admin scheduler_snapshot, scheduler_backup_now, ...). */
public interface AdminActions {
  /** Snapshots and compacts the log now; returns the log index the snapshot covers. */
  long snapshotNow() throws Exception;

  /** Writes a backup now; returns the file. */
  Path backupNow() throws Exception;

  /** The backups in -backup_dir, oldest first. */
  List<Path> listBackups() throws Exception;

  /** Asks Mesos about every task assigned to an agent, {@code batchSize} a call; returns how many were asked about. */
  int reconcileExplicitly(int batchSize) throws Exception;

  /** Asks Mesos for every task it knows of the framework. */
  void reconcileImplicitly() throws Exception;
}
