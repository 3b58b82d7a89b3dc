package io.github.auroradist.scheduler;

import io.github.auroradist.scheduler.api.AdminActions;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.mesos.MesosFramework;
import io.github.auroradist.scheduler.storage.BackupWriter;
import io.github.auroradist.scheduler.storage.RatisDurableLog;
import java.nio.file.Path;
import java.util.List;

/** The operator actions of the admin API, on this scheduler's log, backups and Mesos framework. */
final class OperatorActions implements AdminActions {
  private final RatisDurableLog log;
  private final BackupWriter backups;
  private final MesosFramework framework;

  /** @param backups null when -backup_dir is not set */
  OperatorActions(RatisDurableLog log, BackupWriter backups, MesosFramework framework) {
    this.log = log;
    this.backups = backups;
    this.framework = framework;
  }

  @Override
  public long snapshotNow() throws Exception {
    return log.snapshotNow();
  }

  @Override
  public Path backupNow() throws Exception {
    if (backups == null) {
      throw ApiException.invalid("backups are off: start the scheduler with -backup_dir");
    }
    return backups.backupNow();
  }

  @Override
  public List<Path> listBackups() throws Exception {
    return backups == null ? List.of() : backups.list();
  }

  @Override
  public int reconcileExplicitly(int batchSize) {
    requireRegistered();
    return framework.reconcileExplicitlyNow(batchSize);
  }

  @Override
  public void reconcileImplicitly() {
    requireRegistered();
    framework.reconcileImplicitlyNow();
  }

  private void requireRegistered() {
    if (!framework.isSubscribed()) {
      throw new ApiException(ApiException.ERROR, 503, "this scheduler is not registered with Mesos now, so it"
          + " cannot reconcile; retry once it is (framework_registered is 1 on /vars)");
    }
  }
}
