package io.github.auroradist.observer.resources;

import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.observer.sandbox.ConfinedDirectory;
import io.github.auroradist.observer.sandbox.DiskUsage;
import io.github.auroradist.observer.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Samples a task's CPU and memory from {@code /proc} (Linux) and its sandbox's disk use. Only runs
 * the checkpoint says are live are sampled, and only when the pid still belongs to that run: a pid
 * the kernel has handed to another process since (its start time is far from the recorded fork)
 * is ignored.
 */
public final class ResourceSampler {
  /** Linux reports /proc CPU times in USER_HZ ticks, 100 per second on every mainstream kernel. */
  private static final double TICKS_PER_SECOND = 100.0;
  /** How far a process's start may lie from the fork the checkpoint recorded. */
  private static final long START_TOLERANCE_MS = 10_000;
  /** Entries counted in a sandbox before giving up (a page must stay fast). */
  static final int MAX_SANDBOX_FILES = 200_000;

  private final Path proc;

  public ResourceSampler() {
    this(Path.of("/proc"));
  }

  ResourceSampler(Path proc) {
    this.proc = proc;
  }

  public ResourceUsage sample(TaskCheckpoint checkpoint, Path sandbox) {
    List<ResourceUsage.ProcessUsage> usage = new ArrayList<>();
    if (checkpoint.isActive()) {
      checkpoint.processes().forEach((name, runs) -> {
        if (!runs.isEmpty()) {
          process(runs.get(runs.size() - 1)).ifPresent(usage::add);
        }
      });
    }
    Optional<DiskUsage> disk = diskUsage(sandbox);
    return new ResourceUsage(List.copyOf(usage), disk.map(DiskUsage::bytes).orElse(null),
        disk.map(DiskUsage::partial).orElse(false));
  }

  /** The usage of a live run's process tree, or empty when it is not running (any more). */
  public Optional<ResourceUsage.ProcessUsage> process(ProcessRun run) {
    if (run.pid() == null || (run.state() != ProcessState.FORKED && run.state() != ProcessState.RUNNING)) {
      return Optional.empty();
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(run.pid()).filter(ProcessHandle::isAlive);
    if (handle.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> started = handle.get().info().startInstant();
    Long forked = run.forkTimeMs() != null ? run.forkTimeMs() : run.startTimeMs();
    if (started.isPresent() && forked != null
        && Math.abs(started.get().toEpochMilli() - forked) > START_TOLERANCE_MS) {
      return Optional.empty(); // the pid was reused
    }
    List<Long> pids = new ArrayList<>();
    pids.add(run.pid());
    try (Stream<ProcessHandle> descendants = handle.get().descendants()) {
      descendants.forEach(p -> pids.add(p.pid()));
    }
    double cpu = 0;
    long rss = 0;
    int count = 0;
    for (long pid : pids) {
      Optional<double[]> one = readProc(pid);
      if (one.isPresent()) {
        cpu += one.get()[0];
        rss += (long) one.get()[1];
        count++;
      }
    }
    if (count == 0) {
      return Optional.empty();
    }
    double age = started.map(s -> (System.currentTimeMillis() - s.toEpochMilli()) / 1000.0).orElse(0.0);
    return Optional.of(new ResourceUsage.ProcessUsage(run.process(), run.run(), run.pid(), count, cpu, rss, age));
  }

  /** {CPU seconds, RSS bytes} of one process, or empty when it is gone or /proc is unreadable. */
  Optional<double[]> readProc(long pid) {
    try {
      String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
      // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +", -1);
      double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
      long rss = 0;
      for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.substring(6).trim().split(" +", -1)[0]) * 1024;
        }
      }
      return Optional.of(new double[] {cpu, rss});
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The bytes in the regular files under the sandbox, or empty when it is not there. The walk opens
   * each directory relative to its parent and follows no link, so a task that swaps a directory for
   * a link while it is counted cannot send it outside the sandbox.
   */
  static Optional<DiskUsage> diskUsage(Path sandbox) {
    try (ConfinedDirectory tree = ConfinedDirectory.open(sandbox, "the task's sandbox")) {
      return Optional.of(tree.diskUsage(MAX_SANDBOX_FILES));
    } catch (SandboxException e) {
      return Optional.empty();
    }
  }
}
