package io.github.auroradist.scheduler.storage;

import io.github.auroradist.common.model.ModelJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the whole scheduler state to {@code -backup_dir} as JSON ({@link StoreSnapshot}), keeping
 * the newest {@code -max_saved_backups}. A backup restores a cluster whose logs are all lost:
 * {@code aurora-scheduler-log initialize --path=DIR --from-backup=FILE}.
 */
public final class BackupWriter {
  public static final String PREFIX = "scheduler-backup-";
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final InMemoryStores stores;
  private final Path dir;
  private final int maxSaved;
  private final Clock clock;

  public BackupWriter(InMemoryStores stores, Path dir, int maxSaved, Clock clock) {
    if (maxSaved < 1) {
      throw new IllegalArgumentException("-max_saved_backups must be at least 1");
    }
    this.stores = stores;
    this.dir = dir;
    this.maxSaved = maxSaved;
    this.clock = clock;
  }

  /** Writes one backup now and removes the oldest beyond the limit; returns the new file. */
  public Path backupNow() throws IOException {
    Files.createDirectories(dir);
    StoreSnapshot snapshot = stores.snapshot(clock.millis());
    Path target = dir.resolve(PREFIX + NAME.format(clock.instant()) + ".json");
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      ModelJson.mapper().writeValue(out, snapshot);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
    List<Path> all = list();
    for (int i = 0; i < all.size() - maxSaved; i++) {
      Files.deleteIfExists(all.get(i));
    }
    return target;
  }

  /**
   * How long until the next backup is due, so that leader changes do not reset the clock: the newest backup here
   * plus {@code interval}, and at once when there is none.
   */
  public Duration untilDue(Duration interval) throws IOException {
    List<Path> all = list();
    if (all.isEmpty()) {
      return Duration.ZERO;
    }
    Instant newest = Files.getLastModifiedTime(all.get(all.size() - 1)).toInstant();
    Duration left = Duration.between(clock.instant(), newest.plus(interval));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Backups in {@code dir}, oldest first. */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.toString().endsWith(".json"))
          .sorted().toList();
    }
  }

  /** Reads a backup file, saying what is wrong with a bad one. */
  public static StoreSnapshot read(Path file) {
    try {
      return ModelJson.read(Files.readAllBytes(file), StoreSnapshot.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + " is not a scheduler backup: " + e.getMessage(), e);
    }
  }
}
