package io.github.auroradist.emulator.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Docker images pulled from v2 registries with skopeo into one OCI layout under the agent's work dir
 * ({@code <work_dir>/store/docker/layout}), each under a tag made from its name. A name is pulled once
 * per agent, as Mesos's store caches images, unless the image says {@code cached: false} (then it is
 * pulled again for each container); a name pinned by digest never changes.
 */
public final class ImageStore {
  private final Path layout;
  private final Set<String> pulled = new HashSet<>();

  public ImageStore(Path workDir) {
    this.layout = workDir.resolve("store").resolve("docker").resolve("layout");
  }

  /**
   * Pulls {@code image} ({@code host:port/name:tag} or {@code host:port/name@sha256:...}) when needed;
   * returns its umoci reference.
   */
  public synchronized String pull(String image, boolean cached) throws ContainerException {
    String tag = tagOf(image);
    String ref = layout + ":" + tag;
    if (cached && pulled.contains(tag)) {
      return ref;
    }
    try {
      Files.createDirectories(layout.getParent());
    } catch (java.io.IOException e) {
      throw new ContainerException("cannot create the image store " + layout.getParent() + ": " + e.getMessage(), e);
    }
    List<String> argv = new ArrayList<>(List.of("skopeo", "copy", "--quiet"));
    if (insecure(image)) {
      argv.add("--src-tls-verify=false");
    }
    argv.add("docker://" + image);
    argv.add("oci:" + ref);
    try {
      Commands.run(argv);
    } catch (ContainerException e) {
      throw new ContainerException("Failed to pull image '" + image + "': " + e.getMessage(), e);
    }
    pulled.add(tag);
    return ref;
  }

  /** An OCI layout tag for the image name (letters, digits, '.', '_' and '-'). */
  static String tagOf(String image) {
    return image.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** Registries on loopback speak plain HTTP (as Docker allows for them without configuration). */
  static boolean insecure(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String host = image.substring(0, slash);
    return host.startsWith("localhost") || host.startsWith("127.") || host.startsWith("[::1]");
  }
}
