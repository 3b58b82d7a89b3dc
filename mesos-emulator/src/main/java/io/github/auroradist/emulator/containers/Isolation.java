package io.github.auroradist.emulator.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's {@code --isolation} flag, named as Mesos names its isolators: {@code cgroups/cpu} and
 * {@code cgroups/mem} limit each container (executor or command task) to its resources, through
 * cgroup v2 when the unified hierarchy has the cpu and memory controllers, else cgroup v1's cpu and
 * memory hierarchies. Empty (the default): no limits.
 */
public record Isolation(Set<String> isolators) {
  public static final String CPU = "cgroups/cpu";
  public static final String MEM = "cgroups/mem";
  /** Accepted for compatibility with Mesos's flag; files and images are always handled. */
  private static final Set<String> ACCEPTED = Set.of(CPU, MEM, "filesystem/linux", "filesystem/posix",
      "docker/runtime", "posix/cpu", "posix/mem");

  public Isolation {
    isolators = Set.copyOf(isolators);
  }

  public static Isolation none() {
    return new Isolation(Set.of());
  }

  /** Parses {@code cgroups/cpu,cgroups/mem}; an unknown isolator is an error naming it. */
  public static Isolation parse(String flag) {
    Set<String> names = new LinkedHashSet<>();
    if (flag != null) {
      for (String part : flag.split(",", -1)) {
        String name = part.trim();
        if (name.isEmpty()) {
          continue;
        }
        if (!ACCEPTED.contains(name)) {
          throw new IllegalArgumentException("--isolation: unknown isolator '" + name + "' (the emulator knows "
              + String.join(", ", ACCEPTED.stream().sorted().toList()) + ")");
        }
        names.add(name);
      }
    }
    return new Isolation(names);
  }

  public boolean cpu() {
    return isolators.contains(CPU);
  }

  public boolean mem() {
    return isolators.contains(MEM);
  }

  public boolean enabled() {
    return cpu() || mem();
  }

  /** The cgroup hierarchy this machine offers for the enabled controllers. */
  public CgroupHierarchy hierarchy() throws ContainerException {
    Path unified = Path.of("/sys/fs/cgroup/cgroup.controllers");
    if (Files.isRegularFile(unified)) {
      return CgroupHierarchy.v2(Path.of("/sys/fs/cgroup"), controllersOf(unified));
    }
    return CgroupHierarchy.v1(Path.of("/sys/fs/cgroup"), cpu(), mem());
  }

  private List<String> controllersOf(Path file) throws ContainerException {
    try {
      List<String> have = List.of(Files.readString(file).trim().split("\\s+", -1));
      for (String need : (cpu() && mem() ? List.of("cpu", "memory") : cpu() ? List.of("cpu") : List.of("memory"))) {
        if (!have.contains(need)) {
          throw new ContainerException("--isolation needs the cgroup v2 controller '" + need
              + "', which " + file + " does not list");
        }
      }
      return have;
    } catch (java.io.IOException e) {
      throw new ContainerException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
