package io.github.auroradist.emulator.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One prepared container: how to start its executor (or command task), and what to undo when it
 * ends (mounts, provisioned file systems, the Podman container, cgroups).
 *
 * @param argv the whole command line to start, in the sandbox
 * @param environment variables to set or override for the started process
 * @param cgroup the container's limits, if isolation is on
 * @param cleanup undoes what was prepared, in order
 */
public record Container(List<String> argv, Map<String, String> environment, Optional<Cgroup> cgroup,
    List<Cleanup> cleanup) {

  /** One step of undoing a container. */
  @FunctionalInterface
  public interface Cleanup {
    void run() throws ContainerException;
  }

  public Container {
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
    cleanup = List.copyOf(cleanup);
  }

  /** Undoes everything, even after a failing step; the failures are reported together. */
  public void destroy() throws ContainerException {
    List<String> failures = new ArrayList<>();
    for (Cleanup step : cleanup) {
      try {
        step.run();
      } catch (ContainerException e) {
        failures.add(e.getMessage());
      }
    }
    if (cgroup.isPresent()) {
      try {
        cgroup.get().destroy();
      } catch (ContainerException e) {
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new ContainerException(String.join("; ", failures));
    }
  }
}
