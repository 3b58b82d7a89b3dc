package io.github.auroradist.scheduler.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.common.model.ModelJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.UUID;

/**
 * The scheduler's log directory and its initialization marker. A directory without the marker is
 * never used: an empty directory there could mean a wrong path or a lost disk, and treating it as
 * an empty cluster would lose every job.
 */
public final class LogDirectory {
  public static final String MARKER = "aurora-log.json";
  public static final String RAFT_DIR = "raft";
  /** A backup to load into the new log on the first start (from {@code initialize --from-backup}). */
  public static final String PENDING_RESTORE = "restore-from-backup.json";
  public static final int FORMAT = 1;

  /** What the marker records. The cluster id names the Raft group; every peer of a cluster shares it. */
  public record Marker(int format, String clusterId, String initializedAt) {
  }

  private final Path path;

  public LogDirectory(Path path) {
    this.path = path.toAbsolutePath().normalize();
  }

  public Path path() {
    return path;
  }

  public Path raftDir() {
    return path.resolve(RAFT_DIR);
  }

  public Path pendingRestore() {
    return path.resolve(PENDING_RESTORE);
  }

  public boolean isInitialized() {
    return Files.isRegularFile(path.resolve(MARKER));
  }

  /** The command an operator runs to prepare this directory. */
  public String initializeCommand() {
    return "aurora-scheduler-log initialize --path=" + path;
  }

  /**
   * Reads the marker.
   *
   * @throws UninitializedLogException when the directory was never initialized
   */
  public Marker requireInitialized() {
    if (!isInitialized()) {
      throw new UninitializedLogException("the scheduler log directory " + path + " was never initialized;"
          + " if this is a new cluster, run '" + initializeCommand() + "' once on each scheduler (with the same"
          + " --cluster-id on every peer of the cluster), then start the scheduler again. If the cluster already"
          + " had state, check the -native_log_file_path flag and the disk: starting empty would forget every job.");
    }
    try {
      JsonNode node = ModelJson.mapper().readTree(path.resolve(MARKER).toFile());
      Marker marker = new Marker(node.path("format").asInt(), node.path("clusterId").asText(),
          node.path("initializedAt").asText());
      if (marker.format() != FORMAT) {
        throw new IllegalStateException("log directory " + path + " has format " + marker.format()
            + " but this scheduler reads format " + FORMAT);
      }
      UUID.fromString(marker.clusterId());
      return marker;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("the marker " + path.resolve(MARKER) + " is unreadable (" + e.getMessage()
          + "); restore it from another scheduler of the cluster or a backup", e);
    }
  }

  /**
   * Writes the marker. Refuses a directory that is already initialized or holds Raft data, so
   * re-running the command can never orphan an existing log.
   */
  public Marker initialize(UUID clusterId) throws IOException {
    return initialize(clusterId, null);
  }

  /**
   * Writes the marker, and when {@code backup} is given, stages it to become the state of the new
   * log on the first start.
   */
  public Marker initialize(UUID clusterId, Path backup) throws IOException {
    if (backup != null) {
      BackupWriter.read(backup); // refuse a bad file before anything is written
    }
    if (isInitialized()) {
      throw new IllegalStateException("the log directory " + path + " is already initialized (cluster "
          + requireInitialized().clusterId() + "); nothing to do");
    }
    if (Files.exists(raftDir())) {
      throw new IllegalStateException(raftDir() + " already holds log data but no marker; refusing to"
          + " initialize over it. Move it away if you really mean to start a new log.");
    }
    Files.createDirectories(path);
    Marker marker = new Marker(FORMAT, clusterId.toString(), Instant.now().toString());
    ObjectNode node = ModelJson.mapper().createObjectNode();
    node.put("format", marker.format());
    node.put("clusterId", marker.clusterId());
    node.put("initializedAt", marker.initializedAt());
    Path tmp = path.resolve(MARKER + ".tmp");
    Files.write(tmp, ModelJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    if (backup != null) {
      Files.copy(backup, pendingRestore(), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(tmp, path.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE);
    return marker;
  }
}
