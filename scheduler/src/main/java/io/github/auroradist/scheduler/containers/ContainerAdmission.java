package io.github.auroradist.scheduler.containers;

import io.github.auroradist.common.model.Container;
import io.github.auroradist.scheduler.api.validation.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether this cluster takes a job's container (at create, update and cron schedule alike), each refusal naming the
 * flag that decides it; and the container with the cluster's defaults filled in.
 */
public record ContainerAdmission(ContainerSettings settings) {

  /** Why the cluster refuses {@code container}; none when it takes it (or there is none). */
  public List<Problem> problems(Container container) {
    if (container == null || (container.mesos() == null) == (container.docker() == null)) {
      return List.of();
    }
    List<Problem> out = new java.util.ArrayList<>();
    Container.Type type = container.type();
    if (!settings.allowedTypes().contains(type)) {
      out.add(new Problem("taskConfig.container", "this cluster does not run " + type + " containers: the"
          + " scheduler's -allowed_container_types is " + settings.allowedTypes().stream().map(Enum::name)
          .collect(Collectors.joining(",")) + "; use " + (type == Container.Type.DOCKER ? "Mesos(image=DockerImage("
          + "name, tag)) for the Mesos containerizer" : "Docker(image=...)") + ", or ask the operator to add " + type));
    }
    if (container.docker() != null && !container.docker().parameters().isEmpty()
        && !settings.allowDockerParameters()) {
      out.add(new Problem("taskConfig.container.docker.parameters", "this cluster does not take a job's own docker"
          + " parameters (the scheduler's -allow_docker_parameters is false); leave parameters out"
          + (settings.defaultDockerParameters().isEmpty() ? "" : " to get the cluster's defaults")));
    }
    if (!container.volumes().isEmpty() && !settings.allowContainerVolumes()) {
      out.add(new Problem("taskConfig.container.mesos.volumes", "this cluster does not mount a job's volumes (the"
          + " scheduler's -allow_container_volumes is false); leave volumes out"));
    }
    if (container.mesos() != null && container.mesos().image() == null && !container.volumes().isEmpty()) {
      out.add(new Problem("taskConfig.container.mesos.volumes", "volumes need an image (Mesos(image=..., volumes="
          + "...)): without one the task runs on the host's file system, where the host paths are already there"));
    }
    return out;
  }

  /** {@code container} with -default_docker_parameters when it is a Docker container that gives no parameters. */
  public Container withDefaults(Container container) {
    if (container == null || container.docker() == null || !container.docker().parameters().isEmpty()
        || settings.defaultDockerParameters().isEmpty()) {
      return container;
    }
    return Container.docker(container.docker().image(), settings.defaultDockerParameters());
  }
}
