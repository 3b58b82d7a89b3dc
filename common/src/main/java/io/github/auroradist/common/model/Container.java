package io.github.auroradist.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a task runs in, as Aurora's Container union: the Mesos containerizer ({@code mesos}: the agent's file system,
 * or an image provisioned for the task, with volumes) or the Docker containerizer ({@code docker}: the executor runs
 * inside the image). Exactly one is set. A task without a container runs on the agent's host file system.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Container(Mesos mesos, Docker docker) {

  /** The containerizer a container asks for, named as {@code -allowed_container_types} names them. */
  public enum Type { MESOS, DOCKER }

  /** The Mesos containerizer: an optional image for the task's file system, and host paths mounted into it. */
  public record Mesos(Image image, List<Volume> volumes) {
    public Mesos {
      volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }
  }

  /** The Docker containerizer: the image (Docker's reference form) and {@code docker run} parameters. */
  public record Docker(String image, List<DockerParameter> parameters) {
    public Docker {
      parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
  }

  /** One {@code docker run --name=value} option. */
  public record DockerParameter(String name, String value) {}

  /** A file system image for the Mesos containerizer: a Docker image or an Appc image; exactly one is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Image(DockerImage docker, AppcImage appc) {
    public static Image docker(String name, String tag) {
      return new Image(new DockerImage(name, tag), null);
    }

    public static Image appc(String name, String imageId) {
      return new Image(null, new AppcImage(name, imageId));
    }
  }

  /** A Docker image by repository name and tag; the tag may be a digest ({@code sha256:...}), which pins it. */
  public record DockerImage(String name, String tag) {}

  /** An Appc image by name and image id ({@code sha512-...}). */
  public record AppcImage(String name, String imageId) {}

  public static Container mesos(Image image, List<Volume> volumes) {
    return new Container(new Mesos(image, volumes), null);
  }

  public static Container docker(String image, List<DockerParameter> parameters) {
    return new Container(null, new Docker(image, parameters));
  }

  /** The containerizer asked for (MESOS when, wrongly, neither is set: that is what Aurora assumes then). */
  @JsonIgnore
  public Type type() {
    return docker != null ? Type.DOCKER : Type.MESOS;
  }

  /** The job's own volumes (only the Mesos containerizer takes them). */
  @JsonIgnore
  public List<Volume> volumes() {
    return mesos == null ? List.of() : mesos.volumes();
  }
}
