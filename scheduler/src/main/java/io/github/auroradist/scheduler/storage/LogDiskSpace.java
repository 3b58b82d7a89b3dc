package io.github.auroradist.scheduler.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the log's disk has room for the next entry. Ratis, once a write of its log fails for want of space,
 * retries it for minutes and then gives up leading, so that clients are told a quorum is missing; checking first
 * lets a write fail at once with the real reason, /health name it, and leadership move to a coordinator that can
 * write. The check passes again as soon as space is freed, with nothing to restart.
 */
public final class LogDiskSpace {
  /**
   * What the log needs free: the largest entry twice over (it is buffered and written) and the 4 MiB Ratis
   * preallocates for a new segment.
   */
  public static final long MINIMUM_FREE_BYTES = 2L * RatisDurableLog.MAX_ENTRY_BYTES + (4 << 20);

  private final Path directory;
  private final String coordinator;

  /** @param coordinator this scheduler's log address ({@code host:port}), which messages name */
  public LogDiskSpace(Path directory, String coordinator) {
    this.directory = directory;
    this.coordinator = coordinator;
  }

  /** Why the log cannot take another entry now, or empty while it can. */
  public Optional<String> shortage() {
    long free;
    try {
      free = Files.getFileStore(Files.isDirectory(directory) ? directory : directory.getParent()).getUsableSpace();
    } catch (IOException e) {
      return Optional.of("the log directory " + directory + " on coordinator " + coordinator
          + " cannot be examined: " + e.getMessage());
    }
    if (free >= MINIMUM_FREE_BYTES) {
      return Optional.empty();
    }
    return Optional.of("the log disk is full on coordinator " + coordinator + ": " + directory + " has "
        + (free >> 10) + " KiB free and the log needs " + (MINIMUM_FREE_BYTES >> 20) + " MiB; free space on that"
        + " disk (writes resume by themselves once there is room)");
  }
}
