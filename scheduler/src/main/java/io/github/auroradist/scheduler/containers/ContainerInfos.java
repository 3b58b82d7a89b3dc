package io.github.auroradist.scheduler.containers;

import io.github.auroradist.common.model.Container;
import io.github.auroradist.common.model.ContainerChecks;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Volume;

/**
 * The Mesos ContainerInfo of a task's executor, as Aurora builds it; the agent's containerizer reads it.
 * <ul>
 * <li>Mesos containerizer with an image: type MESOS, an empty MesosInfo, and volumes: the cluster's
 *     {@code -global_container_mounts}, then the job's volumes, then the image as a read-only volume at
 *     {@value #TASK_FILESYSTEM_MOUNT_POINT} (the executor runs on the host and starts the task's processes inside
 *     it).</li>
 * <li>Mesos containerizer without an image, or no container: none (the task runs on the host's file system).</li>
 * <li>Docker containerizer: type DOCKER, DockerInfo with the image, HOST networking and the parameters, and the
 *     global mounts as volumes (the executor itself runs inside the image; the agent mounts the sandbox at
 *     {@code /mnt/mesos/sandbox}).</li>
 * </ul>
 */
public final class ContainerInfos {
  /** Where Aurora mounts a Mesos task's image in the executor's container (Aurora's TASK_FILESYSTEM_MOUNT_POINT). */
  public static final String TASK_FILESYSTEM_MOUNT_POINT = "taskfs";

  private final List<io.github.auroradist.common.model.Volume> globalMounts;

  /** @param globalMounts -global_container_mounts */
  public ContainerInfos(List<io.github.auroradist.common.model.Volume> globalMounts) {
    this.globalMounts = List.copyOf(globalMounts);
  }

  /** The executor's ContainerInfo for a task with {@code container}, if it needs one. */
  public Optional<ContainerInfo> of(Container container) {
    if (container == null) {
      return Optional.empty();
    }
    if (container.docker() != null) {
      Container.Docker docker = container.docker();
      ContainerInfo.DockerInfo.Builder info = ContainerInfo.DockerInfo.newBuilder().setImage(docker.image())
          .setNetwork(ContainerInfo.DockerInfo.Network.HOST);
      docker.parameters().forEach(p -> info.addParameters(Parameter.newBuilder().setKey(p.name())
          .setValue(p.value())));
      ContainerInfo.Builder out = ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER).setDocker(info);
      globalMounts.forEach(v -> out.addVolumes(volume(v)));
      return Optional.of(out.build());
    }
    Container.Mesos mesos = container.mesos();
    if (mesos == null || mesos.image() == null) {
      return Optional.empty();
    }
    ContainerInfo.Builder out = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
        .setMesos(ContainerInfo.MesosInfo.getDefaultInstance());
    globalMounts.forEach(v -> out.addVolumes(volume(v)));
    mesos.volumes().forEach(v -> out.addVolumes(volume(v)));
    out.addVolumes(Volume.newBuilder().setContainerPath(TASK_FILESYSTEM_MOUNT_POINT).setMode(Volume.Mode.RO)
        .setImage(image(mesos.image())));
    return Optional.of(out.build());
  }

  private static Image image(Container.Image image) {
    if (image.appc() != null) {
      return Image.newBuilder().setType(Image.Type.APPC).setAppc(Image.Appc.newBuilder()
          .setName(image.appc().name()).setId(image.appc().imageId())).build();
    }
    return Image.newBuilder().setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder()
        .setName(ContainerChecks.reference(image.docker()))).build();
  }

  private static Volume volume(io.github.auroradist.common.model.Volume v) {
    return Volume.newBuilder().setContainerPath(v.containerPath()).setHostPath(v.hostPath())
        .setMode(Volume.Mode.valueOf(v.mode().name())).build();
  }
}
