package io.github.auroradist.scheduler.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup staged by {@code aurora-scheduler-log initialize --from-backup}: the first leader of the new log loads
 * it (as one {@code RestoreSnapshot} op, so it is durable) and renames it {@code .applied}. A log that already
 * holds state never takes it: it is renamed {@code .ignored}.
 */
public final class StagedBackup {
  private static final Logger LOG = LoggerFactory.getLogger(StagedBackup.class);

  private StagedBackup() {
  }

  /** Loads the backup staged in {@code dir}, if there is one, into a log that is still empty. */
  public static void loadIfStaged(LogDirectory dir, InMemoryStores stores, Storage storage) throws IOException {
    Path staged = dir.pendingRestore();
    if (!Files.exists(staged)) {
      return;
    }
    if (!stores.isEmpty()) {
      LOG.warn("Ignoring {}: the log already holds state", staged);
      Files.move(staged, staged.resolveSibling(staged.getFileName() + ".ignored"), StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    StoreSnapshot snapshot = BackupWriter.read(staged);
    storage.write(new Op.RestoreSnapshot(snapshot));
    Files.move(staged, staged.resolveSibling(staged.getFileName() + ".applied"), StandardCopyOption.REPLACE_EXISTING);
    LOG.info("Restored {} jobs and {} tasks from the backup staged in {}", snapshot.jobs().size(),
        snapshot.tasks().size(), staged);
  }
}
