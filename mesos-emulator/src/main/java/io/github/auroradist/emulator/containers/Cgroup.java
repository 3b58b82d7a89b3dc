package io.github.auroradist.emulator.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/** One container's cgroup (one directory per v1 hierarchy, one in v2). */
public final class Cgroup {
  private static final long MB = 1024 * 1024;

  private final boolean v2;
  private final List<Path> dirs;
  private final Path memory;
  private final long memLimit;

  Cgroup(boolean v2, List<Path> dirs, Path memory, long memLimit) {
    this.v2 = v2;
    this.dirs = List.copyOf(dirs);
    this.memory = memory;
    this.memLimit = memLimit;
  }

  /**
   * A prefix that moves the command's first process into the cgroup before it {@code exec}s, so
   * nothing it forks escapes the limits.
   */
  public List<String> joinPrefix() {
    StringBuilder script = new StringBuilder();
    for (Path dir : dirs) {
      script.append("echo $$ > '").append(dir.resolve("cgroup.procs")).append("' && ");
    }
    script.append("exec \"$@\"");
    return List.of("/bin/sh", "-c", script.toString(), "cgroup-join");
  }

  /**
   * The Mesos message for a container the kernel's OOM killer hit in this cgroup, or empty: "Memory
   * limit exceeded: Requested: ..MB Maximum Used: ..MB" and the memory statistics, as Mesos's memory
   * isolator reports it.
   */
  public Optional<String> memoryLimitExceeded() {
    if (memory == null) {
      return Optional.empty();
    }
    try {
      Path events = memory.resolve(v2 ? "memory.events" : "memory.oom_control");
      if (counter(Files.readString(events), "oom_kill") == 0) {
        return Optional.empty();
      }
      Path peak = memory.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes");
      long used = Files.exists(peak) ? Long.parseLong(Files.readString(peak).trim()) : memLimit;
      return Optional.of("Memory limit exceeded: Requested: " + memLimit / MB + "MB Maximum Used: " + used / MB
          + "MB\n\nMEMORY STATISTICS: \n" + Files.readString(memory.resolve("memory.stat")));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // the cgroup is already gone
    }
  }

  private static long counter(String text, String name) {
    for (String line : text.split("\n", -1)) {
      String[] kv = line.trim().split("\\s+", -1);
      if (kv.length == 2 && kv[0].equals(name)) {
        return Long.parseLong(kv[1]);
      }
    }
    return 0;
  }

  /** Kills whatever is left in the cgroup and removes it. */
  public void destroy() throws ContainerException {
    List<String> failures = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (true) {
        try {
          for (String pid : Files.readString(dir.resolve("cgroup.procs")).split("\\s+", -1)) {
            if (!pid.isBlank()) {
              ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
          }
          Files.delete(dir);
          break;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            failures.add(dir + ": " + e.getMessage());
            break;
          }
          LockSupport.parkNanos(10_000_000L); // killed processes leave the cgroup within moments
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new ContainerException("cannot remove cgroups " + failures);
    }
  }
}
