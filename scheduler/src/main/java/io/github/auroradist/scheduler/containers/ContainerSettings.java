package io.github.auroradist.scheduler.containers;

import io.github.auroradist.common.model.Container;
import io.github.auroradist.common.model.ContainerChecks;
import io.github.auroradist.common.model.Limits;
import io.github.auroradist.common.model.Volume;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the cluster allows of containers, and what it adds to each, from Aurora's flags.
 *
 * @param allowedTypes             -allowed_container_types: the containerizers jobs may ask for
 * @param allowDockerParameters    -allow_docker_parameters: whether a job may give its own docker run parameters
 * @param defaultDockerParameters  -default_docker_parameters: given to every Docker job that gives none
 * @param requireDockerUseExecutor -require_docker_use_executor: Docker tasks run the executor in the container
 * @param allowContainerVolumes    -allow_container_volumes: whether a job may mount host paths
 * @param globalMounts             -global_container_mounts: host paths mounted into every container
 */
public record ContainerSettings(Set<Container.Type> allowedTypes, boolean allowDockerParameters,
    List<Container.DockerParameter> defaultDockerParameters, boolean requireDockerUseExecutor,
    boolean allowContainerVolumes, List<Volume> globalMounts) {

  /** Aurora's defaults: the Mesos containerizer only, no parameters, no volumes, no mounts. */
  public static final ContainerSettings AURORA_DEFAULT = new ContainerSettings(EnumSet.of(Container.Type.MESOS),
      false, List.of(), true, false, List.of());

  public ContainerSettings {
    allowedTypes = allowedTypes.isEmpty() ? Set.of() : EnumSet.copyOf(allowedTypes);
    defaultDockerParameters = List.copyOf(defaultDockerParameters);
    globalMounts = List.copyOf(globalMounts);
  }

  /**
   * The settings from the flags' text.
   *
   * @throws IllegalArgumentException naming the flag, the bad value and the form it takes
   */
  public static ContainerSettings parse(List<String> allowedTypes, boolean allowDockerParameters,
      List<String> defaultDockerParameters, boolean requireDockerUseExecutor, boolean allowContainerVolumes,
      List<String> globalMounts) {
    if (!requireDockerUseExecutor) {
      throw new IllegalArgumentException("-require_docker_use_executor=false is not supported: every task here"
          + " runs through the Thermos executor (Docker tasks run it inside the image); leave the flag out");
    }
    Set<Container.Type> types = EnumSet.noneOf(Container.Type.class);
    for (String t : allowedTypes) {
      try {
        types.add(Container.Type.valueOf(t.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("-allowed_container_types: '" + t + "' is not a container type; list"
            + " MESOS and/or DOCKER, e.g. -allowed_container_types=MESOS,DOCKER");
      }
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException("-allowed_container_types is empty; list MESOS and/or DOCKER");
    }
    List<Container.DockerParameter> parameters = new ArrayList<>();
    for (String p : defaultDockerParameters) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("-default_docker_parameters: '" + p + "' is not name=value; write e.g."
            + " -default_docker_parameters=read-only=true,tmpfs=/tmp");
      }
      parameters.add(new Container.DockerParameter(p.substring(0, eq), p.substring(eq + 1)));
    }
    List<Limits.Violation> bad = new ArrayList<>(ContainerChecks.violations("-default_docker_parameters",
        Container.docker("scratch", parameters), Limits.STANDARD));
    List<Volume> mounts = new ArrayList<>();
    for (String m : globalMounts) {
      Volume v = mount(m);
      bad.addAll(ContainerChecks.volumeViolations("-global_container_mounts '" + m + "'", v, Limits.STANDARD));
      mounts.add(v);
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", bad.stream().map(Limits.Violation::toString).toList()));
    }
    return new ContainerSettings(types, allowDockerParameters, parameters, true, allowContainerVolumes, mounts);
  }

  /** {@code host_path:container_path[:ro|rw]}, read-only when the mode is left out. */
  private static Volume mount(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("-global_container_mounts: '" + spec + "' is not"
          + " host_path:container_path[:mode]; write e.g. /opt/keys:/mnt/keys:ro");
    }
    Volume.Mode mode = Volume.Mode.RO;
    if (parts.length == 3) {
      try {
        mode = Volume.Mode.valueOf(parts[2].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("-global_container_mounts: '" + spec + "' has mode '" + parts[2]
            + "'; the modes are ro and rw");
      }
    }
    return new Volume(parts[1], parts[0], mode);
  }
}
