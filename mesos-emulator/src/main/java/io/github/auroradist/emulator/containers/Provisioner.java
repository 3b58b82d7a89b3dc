package io.github.auroradist.emulator.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Root file systems for containers, laid out as Mesos's provisioner with the copy backend does:
 * {@code <work_dir>/provisioner/containers/<container id>/backends/copy/rootfses/<uuid>}, unpacked
 * from the image store with {@code umoci raw unpack}.
 */
public final class Provisioner {
  private final Path containers;
  private final ImageStore store;

  public Provisioner(Path workDir, ImageStore store) {
    this.containers = workDir.resolve("provisioner").resolve("containers");
    this.store = store;
  }

  /** Pulls the image when needed and unpacks a fresh root file system for the container. */
  public Path provision(String containerId, String image, boolean cached) throws ContainerException {
    String ref = store.pull(image, cached);
    Path rootfses = containers.resolve(containerId).resolve("backends").resolve("copy").resolve("rootfses");
    Path rootfs = rootfses.resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(rootfses);
    } catch (IOException e) {
      throw new ContainerException("cannot create " + rootfses + ": " + e.getMessage(), e);
    }
    try {
      Commands.run(List.of("umoci", "raw", "unpack", "--image", ref, rootfs.toString()));
    } catch (ContainerException e) {
      throw new ContainerException("Failed to provision image '" + image + "': " + e.getMessage(), e);
    }
    return rootfs;
  }

  /** Removes what was provisioned for the container (its mounts must be gone). */
  public void destroy(String containerId) throws ContainerException {
    Path dir = containers.resolve(containerId);
    if (Files.exists(dir)) {
      Commands.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
    }
  }
}
