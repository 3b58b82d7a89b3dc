package io.github.auroradist.emulator.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One container's cgroup (one directory per v1 hierarchy, one in v2); a Podman container's has Podman's cgroups
 * below it.
 */
public final class Cgroup {
  private static final long MB = 1024 * 1024;

  private final boolean v2;
  private final List<Path> dirs;
  private final Path memory;
  private final long memLimit;
  /** Whether the container's processes live in cgroups below this one (Podman's), not in it. */
  private final boolean parent;

  Cgroup(boolean v2, List<Path> dirs, Path memory, long memLimit) {
    this(v2, dirs, memory, memLimit, false);
  }

  private Cgroup(boolean v2, List<Path> dirs, Path memory, long memLimit, boolean parent) {
    this.v2 = v2;
    this.dirs = List.copyOf(dirs);
    this.memory = memory;
    this.memLimit = memLimit;
    this.parent = parent;
  }

  List<Path> dirs() {
    return dirs;
  }

  /**
   * This cgroup as the parent of the container's own (Podman's), also removing {@code more} (directories Podman makes
   * for the container) when destroyed.
   */
  Cgroup asParent(List<Path> more) {
    List<Path> all = new ArrayList<>(dirs);
    all.addAll(more);
    return new Cgroup(v2, all, memory, memLimit, true);
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
      return oomKills() == 0 ? Optional.empty() : Optional.of(limitMessage());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // the cgroup is already gone
    }
  }

  /**
   * {@link #memoryLimitExceeded()} once the container has ended. Podman removes its cgroup below this one when the
   * container ends, and under v1 the OOM kills were counted there only: then a container whose process died of
   * SIGKILL after the container had reached its limit ({@code memory.max_usage_in_bytes} at the limit, or a failed
   * charge in {@code memory.failcnt} or {@code memory.memsw.failcnt}) is taken as the OOM killer's.
   */
  public Optional<String> memoryLimitExceededAtExit(boolean killedBySigkill) {
    Optional<String> seen = memoryLimitExceeded();
    if (seen.isPresent() || !parent || v2 || !killedBySigkill || memory == null) {
      return seen;
    }
    try {
      boolean reached = Long.parseLong(Files.readString(memory.resolve("memory.max_usage_in_bytes")).trim())
          >= memLimit;
      for (String counter : List.of("memory.failcnt", "memory.memsw.failcnt")) {
        Path file = memory.resolve(counter);
        reached |= Files.exists(file) && Long.parseLong(Files.readString(file).trim()) > 0;
      }
      return reached ? Optional.of(limitMessage()) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private String limitMessage() throws IOException {
    Path peak = memory.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes");
    long used = Files.exists(peak) ? Long.parseLong(Files.readString(peak).trim()) : memLimit;
    return "Memory limit exceeded: Requested: " + memLimit / MB + "MB Maximum Used: " + used / MB
        + "MB\n\nMEMORY STATISTICS: \n" + Files.readString(memory.resolve("memory.stat"));
  }

  /**
   * The OOM kills in this cgroup and those below it: the kernel counts a kill in the victim's own cgroup (under v1,
   * and in v2's local counts), which for a Podman container is Podman's cgroup below this one.
   */
  private long oomKills() throws IOException {
    String events = v2 ? "memory.events" : "memory.oom_control";
    long kills = 0;
    try (Stream<Path> files = Files.walk(memory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().equals(events)).toList()) {
        try {
          kills += counter(Files.readString(file), "oom_kill");
        } catch (NoSuchFileException e) {
          // a cgroup below was removed meanwhile (its container ended)
        }
      }
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e.getCause();
      }
    }
    return kills;
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

  /** Kills whatever is left in the cgroup (and in those below it) and removes them. */
  public void destroy() throws ContainerException {
    List<String> failures = new ArrayList<>();
    for (Path top : dirs) {
      if (Files.isDirectory(top)) {
        for (Path dir : deepestFirst(top)) {
          remove(dir, failures);
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new ContainerException("cannot remove cgroups " + failures);
    }
  }

  private static List<Path> deepestFirst(Path top) {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> all = Files.walk(top)) {
      all.filter(Files::isDirectory).forEach(found::add);
    } catch (IOException | UncheckedIOException e) {
      found.add(top); // removing it says what is wrong
    }
    found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return found;
  }

  private static void remove(Path dir, List<String> failures) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      try {
        for (String pid : Files.readString(dir.resolve("cgroup.procs")).split("\\s+", -1)) {
          if (!pid.isBlank()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        Files.delete(dir);
        return;
      } catch (NoSuchFileException e) {
        return; // removed meanwhile (by Podman, for its own cgroups)
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          failures.add(dir + ": " + e.getMessage());
          return;
        }
        LockSupport.parkNanos(10_000_000L); // killed processes leave the cgroup within moments
      }
    }
  }
}
