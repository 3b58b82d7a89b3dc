package io.github.auroradist.emulator.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where containers' cgroups go: {@code mesos/<container id>} (Mesos's default {@code --cgroups_root})
 * under cgroup v2's unified hierarchy, or under each cgroup v1 hierarchy used (cpu, memory).
 */
public final class CgroupHierarchy {
  private final boolean v2;
  private final Path root;
  private final boolean cpu;
  private final boolean mem;

  private CgroupHierarchy(boolean v2, Path root, boolean cpu, boolean mem) {
    this.v2 = v2;
    this.root = root;
    this.cpu = cpu;
    this.mem = mem;
  }

  static CgroupHierarchy v2(Path root, List<String> controllers) {
    return new CgroupHierarchy(true, root, controllers.contains("cpu"), controllers.contains("memory"));
  }

  static CgroupHierarchy v1(Path root, boolean cpu, boolean mem) {
    return new CgroupHierarchy(false, root, cpu, mem);
  }

  public boolean isV2() {
    return v2;
  }

  /** Creates the container's cgroup(s) with the limits; the caller puts the container's first process in. */
  public Cgroup create(String containerId, Isolation isolation, double cpus, long memBytes) throws ContainerException {
    try {
      if (v2) {
        Path mesos = root.resolve("mesos");
        Files.createDirectories(mesos);
        enableControllers(root, isolation);
        enableControllers(mesos, isolation);
        Path dir = Files.createDirectories(mesos.resolve(containerId));
        if (isolation.cpu() && cpus > 0) {
          write(dir.resolve("cpu.weight"), Long.toString(Math.max(1, Math.min(10000, Math.round(cpus * 100)))));
          write(dir.resolve("cpu.max"), Math.max(1000, Math.round(cpus * 100_000)) + " 100000");
        }
        if (isolation.mem() && memBytes > 0) {
          write(dir.resolve("memory.max"), Long.toString(memBytes));
          if (Files.exists(dir.resolve("memory.swap.max"))) {
            write(dir.resolve("memory.swap.max"), "0");
          }
        }
        return new Cgroup(true, List.of(dir), isolation.mem() && memBytes > 0 ? dir : null, memBytes);
      }
      List<Path> dirs = new ArrayList<>();
      Path memDir = null;
      if (isolation.cpu() && cpus > 0) {
        Path dir = Files.createDirectories(root.resolve("cpu").resolve("mesos").resolve(containerId));
        write(dir.resolve("cpu.shares"), Long.toString(Math.max(2, Math.round(cpus * 1024))));
        write(dir.resolve("cpu.cfs_period_us"), "100000");
        write(dir.resolve("cpu.cfs_quota_us"), Long.toString(Math.max(1000, Math.round(cpus * 100_000))));
        dirs.add(dir);
      }
      if (isolation.mem() && memBytes > 0) {
        memDir = Files.createDirectories(root.resolve("memory").resolve("mesos").resolve(containerId));
        write(memDir.resolve("memory.limit_in_bytes"), Long.toString(memBytes));
        if (Files.exists(memDir.resolve("memory.memsw.limit_in_bytes"))) {
          write(memDir.resolve("memory.memsw.limit_in_bytes"), Long.toString(memBytes));
        }
        write(memDir.resolve("memory.swappiness"), "0");
        dirs.add(memDir);
      }
      return new Cgroup(false, dirs, memDir, memBytes);
    } catch (IOException e) {
      throw new ContainerException("cannot create the cgroup of container " + containerId + " (cgroup "
          + (v2 ? "v2" : "v1") + " under " + root + "): " + e.getMessage(), e);
    }
  }

  /**
   * The cgroup a Podman container is started under ({@code --cgroup-parent=/mesos/<container id>}): the limits are
   * set here, as for {@link #create}, and Podman makes the container's own cgroup (and conmon's) below it, so the
   * kernel's OOM kills in the container show in this cgroup's subtree and its usage is the container's. Under v1,
   * Podman also makes {@code mesos/<container id>} in the hierarchies the agent does not limit; they are removed with
   * the cgroup.
   */
  public Cgroup createParent(String containerId, Isolation isolation, double cpus, long memBytes)
      throws ContainerException {
    Cgroup cgroup = create(containerId, isolation, cpus, memBytes);
    try {
      if (v2) {
        // No processes live here, so the controllers can be handed down to Podman's cgroup.
        enableControllers(root.resolve("mesos").resolve(containerId), isolation);
        return cgroup.asParent(List.of());
      }
      List<Path> others = new ArrayList<>();
      try (java.util.stream.Stream<Path> hierarchies = Files.list(root)) {
        for (Path h : hierarchies.filter(Files::isDirectory).sorted().toList()) {
          Path dir = h.resolve("mesos").resolve(containerId);
          if (!cgroup.dirs().contains(dir) && !Files.isSymbolicLink(h)) {
            others.add(dir);
          }
        }
      }
      return cgroup.asParent(others);
    } catch (IOException e) {
      cgroup.destroy();
      throw new ContainerException("cannot prepare the cgroup of container " + containerId + " for Podman: "
          + e.getMessage(), e);
    }
  }

  /** The path Podman's {@code --cgroup-parent} takes for the container's cgroup. */
  static String parentPath(String containerId) {
    return "/mesos/" + containerId;
  }

  private static void enableControllers(Path dir, Isolation isolation) throws IOException {
    StringBuilder want = new StringBuilder();
    if (isolation.cpu()) {
      want.append("+cpu ");
    }
    if (isolation.mem()) {
      want.append("+memory");
    }
    write(dir.resolve("cgroup.subtree_control"), want.toString().trim());
  }

  static void write(Path file, String value) throws IOException {
    Files.writeString(file, value);
  }

  /** Whether memory isolation has a controller here. */
  public boolean hasMemory() {
    return mem;
  }

  public boolean hasCpu() {
    return cpu;
  }
}
