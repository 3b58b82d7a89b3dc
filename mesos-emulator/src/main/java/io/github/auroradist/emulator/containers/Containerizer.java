package io.github.auroradist.emulator.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Volume;

/**
 * Prepares the container an executor (or command task) runs in, as a Mesos agent with
 * {@code --containerizers=mesos,docker} would: without a ContainerInfo, or with a MESOS one, the
 * process runs on the host, image volumes provisioned and bind-mounted into the sandbox (the task
 * file system Aurora's executor runs tasks in); with a DOCKER one, the executor runs in a Podman
 * container from the image. With {@code --isolation}, the container gets cgroup limits.
 */
public final class Containerizer {
  /** Where Mesos's Docker containerizer mounts the sandbox in the container. */
  public static final String DOCKER_SANDBOX = "/mnt/mesos/sandbox";

  private final Isolation isolation;
  private final Provisioner provisioner;
  private final Path podmanConf;

  public Containerizer(Path workDir, Isolation isolation) {
    this.isolation = isolation;
    this.provisioner = new Provisioner(workDir, new ImageStore(workDir));
    this.podmanConf = workDir.resolve("podman").resolve("containers.conf");
  }

  /**
   * The request for one container.
   *
   * @param containerId the container's id (also names its provisioned file systems and cgroup)
   * @param info the executor's (or task's) ContainerInfo, if any
   * @param sandbox the sandbox on the host
   * @param session what starts the process in its own session (and as its user), before the command
   * @param command the executor's command line
   * @param environmentNames the variables the process gets (passed on into a Docker container)
   * @param cpus the container's cpus (executor plus tasks)
   * @param memBytes the container's memory (executor plus tasks)
   */
  public record Request(String containerId, Optional<ContainerInfo> info, Path sandbox, List<String> session,
      List<String> command, Set<String> environmentNames, double cpus, long memBytes) {}

  public Container prepare(Request request) throws ContainerException {
    Optional<ContainerInfo> info = request.info();
    if (info.isPresent() && info.get().getType() == ContainerInfo.Type.DOCKER) {
      return docker(request, info.get());
    }
    if (info.isPresent() && info.get().getType() != ContainerInfo.Type.MESOS) {
      throw new ContainerException("container type " + info.get().getType() + " is not supported by the emulator"
          + " (it runs MESOS and DOCKER containers)");
    }
    List<Container.Cleanup> cleanup = new ArrayList<>();
    Container prepared = null;
    try {
      if (info.isPresent()) {
        if (info.get().getMesos().hasImage()) {
          throw new ContainerException("ContainerInfo.mesos.image (a container root file system) is not supported by"
              + " the emulator; give the image as a volume, as Aurora does");
        }
        for (Volume volume : info.get().getVolumesList()) {
          if (volume.hasImage()) {
            mountImage(request, volume, cleanup);
          }
        }
      }
      Optional<Cgroup> cgroup = cgroup(request);
      List<String> argv = new ArrayList<>();
      cgroup.ifPresent(c -> argv.addAll(c.joinPrefix()));
      argv.addAll(request.session());
      argv.addAll(request.command());
      prepared = new Container(argv, Map.of(), cgroup, cleanup);
      return prepared;
    } finally {
      if (prepared == null) {
        new Container(List.of(), Map.of(), Optional.empty(), cleanup).destroy();
      }
    }
  }

  private Optional<Cgroup> cgroup(Request request) throws ContainerException {
    if (!isolation.enabled()) {
      return Optional.empty();
    }
    return Optional.of(isolation.hierarchy().create(request.containerId(), isolation, request.cpus(),
        request.memBytes()));
  }

  /** Provisions the image and bind-mounts it at its (sandbox-relative) container path, as Mesos does. */
  private void mountImage(Request request, Volume volume, List<Container.Cleanup> cleanup) throws ContainerException {
    String path = volume.getContainerPath();
    if (path.isEmpty() || path.startsWith("/") || Path.of(path).normalize().startsWith("..")) {
      throw new ContainerException("image volume container_path '" + path + "' must be relative to the sandbox"
          + " (the executor has no root file system of its own)");
    }
    String image = imageName(volume.getImage());
    cleanup.add(() -> provisioner.destroy(request.containerId()));
    Path rootfs = provisioner.provision(request.containerId(), image, volume.getImage().getCached());
    Path target = request.sandbox().resolve(path).normalize();
    try {
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new ContainerException("cannot create " + target + ": " + e.getMessage(), e);
    }
    Commands.run(List.of("mount", "--bind", rootfs.toString(), target.toString()));
    cleanup.add(0, () -> Commands.run(List.of("umount", target.toString())));
  }

  private static String imageName(org.apache.mesos.v1.Protos.Image image) throws ContainerException {
    if (image.getType() == org.apache.mesos.v1.Protos.Image.Type.DOCKER && image.hasDocker()) {
      return image.getDocker().getName();
    }
    throw new ContainerException("image type " + image.getType() + " is not supported by the emulator (it pulls"
        + " DOCKER images)");
  }

  /** The executor in a Podman container: host network, the sandbox at /mnt/mesos/sandbox, the volumes. */
  private Container docker(Request request, ContainerInfo info) throws ContainerException {
    if (!info.hasDocker() || info.getDocker().getImage().isEmpty()) {
      throw new ContainerException("a DOCKER container needs docker.image");
    }
    String image = info.getDocker().getImage();
    String name = "mesos-" + request.containerId();
    writePodmanConf();
    List<String> argv = new ArrayList<>(request.session());
    argv.add("podman");
    if (isolation.enabled()) {
      argv.add("--cgroup-manager=cgroupfs"); // a cgroup parent by path, on systemd hosts too
    }
    argv.addAll(List.of("run", "--rm", "--name", name, "--network=host", "--pull=missing"));
    if (isolation.enabled()) {
      // Under the agent's cgroup for the container (limited as a Mesos container's), where its usage and OOM kills
      // are read as the Mesos containerizer's are.
      argv.add("--cgroup-parent=" + CgroupHierarchy.parentPath(request.containerId()));
    }
    if (ImageStore.insecure(image)) {
      argv.add("--tls-verify=false");
    }
    argv.addAll(List.of("-v", request.sandbox() + ":" + DOCKER_SANDBOX + ":rw", "-w", DOCKER_SANDBOX));
    for (Volume v : info.getVolumesList()) {
      if (v.hasImage() || v.getHostPath().isEmpty()) {
        throw new ContainerException("volume '" + v.getContainerPath() + "' of a DOCKER container needs a host_path");
      }
      argv.addAll(List.of("-v", v.getHostPath() + ":" + v.getContainerPath() + ":"
          + (v.getMode() == Volume.Mode.RO ? "ro" : "rw")));
    }
    for (String env : request.environmentNames()) {
      argv.addAll(List.of("-e", env));
    }
    for (Parameter p : info.getDocker().getParametersList()) {
      argv.add("--" + p.getKey() + "=" + p.getValue());
    }
    List<String> command = request.command();
    argv.addAll(List.of("--entrypoint", command.get(0), image));
    argv.addAll(command.subList(1, command.size()));
    Container.Cleanup remove = () -> {
      try {
        Commands.run(List.of("podman", "rm", "--force", "--ignore", name));
      } catch (ContainerException e) {
        throw new ContainerException("cannot remove Podman container " + name + ": " + e.getMessage(), e);
      }
    };
    Optional<Cgroup> cgroup = isolation.enabled() ? Optional.of(isolation.hierarchy().createParent(
        request.containerId(), isolation, request.cpus(), request.memBytes())) : Optional.empty();
    return new Container(argv, Map.of("MESOS_SANDBOX", DOCKER_SANDBOX, "CONTAINERS_CONF", podmanConf.toString()),
        cgroup, List.of(remove));
  }

  /**
   * Podman sets RLIMIT_NPROC and RLIMIT_NOFILE in containers by default, which fails without
   * CAP_SYS_RESOURCE (as in some CI sandboxes); containers inherit the agent's limits instead.
   */
  private synchronized void writePodmanConf() throws ContainerException {
    try {
      Files.createDirectories(podmanConf.getParent());
      Files.writeString(podmanConf, "# written by the Mesos emulator's agent\n[containers]\ndefault_ulimits = []\n");
    } catch (IOException e) {
      throw new ContainerException("cannot write " + podmanConf + ": " + e.getMessage(), e);
    }
  }
}
