package io.github.auroradist.observer.discovery;

import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every checkpoint under a Mesos work directory:
 * {@code slaves/*}{@code /frameworks/*}{@code /executors/*}{@code /runs/*}{@code /checkpoints/*.ckpt}.
 *
 * <p>Symbolic links are never followed while walking: Mesos keeps a {@code latest} link next to
 * the real run directories, and following it would list a task twice. Files that did not change
 * since the last scan (same size and modification time) are not parsed again, so a worker with
 * many finished tasks costs little per scan. Not thread-safe; one thread scans.
 */
public final class CheckpointScanner {
  private static final String LATEST = "latest";

  private final Path mesosRoot;
  private final Map<Path, Cached> cache = new HashMap<>();
  private long scans;

  private record Cached(long size, long modifiedMs, ObservedTask task) {}

  public CheckpointScanner(Path mesosRoot) {
    this.mesosRoot = mesosRoot;
  }

  public Path mesosRoot() {
    return mesosRoot;
  }

  /** Walks the work directory once and returns what it found. */
  public Snapshot scan() {
    long started = System.nanoTime();
    List<String> problems = new ArrayList<>();
    List<ObservedTask> found = new ArrayList<>();
    Map<Path, Cached> seen = new HashMap<>();

    Path slaves = mesosRoot.resolve("slaves");
    if (!Files.isDirectory(slaves)) {
      problems.add(slaves + " does not exist or is not a directory; is --mesos-root the agent's --work_dir?");
    } else {
      for (Path agent : children(slaves, problems)) {
        for (Path framework : children(agent.resolve("frameworks"), problems)) {
          for (Path executor : children(framework.resolve("executors"), problems)) {
            for (Path run : children(executor.resolve("runs"), problems)) {
              readRun(agent, framework, executor, run, found, seen, problems);
            }
          }
        }
      }
    }
    cache.keySet().retainAll(seen.keySet());
    cache.putAll(seen);

    // Newest first; one entry per task id (the newest launch wins, the rest are counted).
    found.sort(Comparator.comparingLong(ObservedTask::launchTimeMs).reversed()
        .thenComparing(ObservedTask::taskId));
    Map<String, ObservedTask> byId = new LinkedHashMap<>();
    int duplicates = 0;
    for (ObservedTask task : found) {
      if (byId.putIfAbsent(task.taskId(), task) != null) {
        duplicates++;
      }
    }
    scans++;
    long durationMs = (System.nanoTime() - started) / 1_000_000;
    return new Snapshot(byId, scans, System.currentTimeMillis(), durationMs, problems, duplicates);
  }

  private void readRun(Path agent, Path framework, Path executor, Path run, List<ObservedTask> found,
      Map<Path, Cached> seen, List<String> problems) {
    Path dir = run.resolve(Checkpoints.DIRECTORY);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return; // not a Thermos executor run, or not started yet
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + Checkpoints.SUFFIX)) {
      for (Path file : files) {
        BasicFileAttributes attrs;
        try {
          attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue;
        }
        if (!attrs.isRegularFile()) {
          continue;
        }
        long size = attrs.size();
        long modified = attrs.lastModifiedTime().toMillis();
        Cached cached = cache.get(file);
        if (cached == null || cached.size() != size || cached.modifiedMs() != modified) {
          TaskLocation location = new TaskLocation(name(agent), name(framework), name(executor), name(run),
              run, file);
          cached = new Cached(size, modified, read(location, modified));
        }
        seen.put(file, cached);
        found.add(cached.task());
      }
    } catch (IOException e) {
      problems.add("cannot list " + dir + ": " + e);
    }
  }

  private static ObservedTask read(TaskLocation location, long modifiedMs) {
    try {
      TaskCheckpoint checkpoint = Checkpoints.read(location.checkpointFile());
      return ObservedTask.readable(location, checkpoint, modifiedMs);
    } catch (IOException | RuntimeException e) {
      String file = name(location.checkpointFile());
      String id = file.substring(0, file.length() - Checkpoints.SUFFIX.length());
      String reason = e.getMessage() != null ? e.getMessage() : e.toString();
      return ObservedTask.unreadable(id, location, reason, modifiedMs);
    }
  }

  /** The real (non-link) subdirectories of {@code dir}, sorted; none when it does not exist. */
  private static List<Path> children(Path dir, List<String> problems) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<Path> result = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (!LATEST.equals(name(p)) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          result.add(p);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of(); // removed by the agent's garbage collection while we looked
    } catch (IOException e) {
      problems.add("cannot list " + dir + ": " + e);
    }
    result.sort(null);
    return result;
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }
}
