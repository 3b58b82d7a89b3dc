package io.github.auroradist.emulator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small image for container tests, built from the host's static busybox: {@code /bin} holds
 * busybox and its applets, {@code /etc/os-release} says {@code ID=<id>}, {@code /etc/passwd} knows
 * only root, {@code /lib} and {@code /lib64} link to {@code usr/} (so a host {@code /usr} mounted at
 * {@code /usr} brings a dynamic loader and a Java runtime), and {@code /bin/bash} links to {@code
 * ../usr/bin/bash} (only there when a host {@code /usr} is mounted). Packed as an OCI layout with
 * {@code umoci}, ready for {@link ImageRegistry#push}.
 */
public final class TestImage {
  private static final List<String> APPLETS = List.of("sh", "cat", "echo", "ls", "id", "sleep", "touch", "mkdir",
      "rm", "env", "pwd", "dd", "head", "true", "false", "grep", "test", "[");

  private TestImage() {}

  /** Builds the image under {@code dir} and returns its OCI layout (tag {@code latest}). */
  public static Path build(Path dir, String osReleaseId) throws IOException {
    HostTools.require("umoci", "umoci");
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isRegularFile(busybox) || containsLoader(busybox)) {
      throw new IllegalStateException("this test needs a static busybox at /bin/busybox: apt-get install"
          + " busybox-static (.ci/run installs it)");
    }
    Path layout = dir.resolve("oci");
    Path bundle = dir.resolve("bundle");
    HostTools.run(List.of("umoci", "init", "--layout", layout.toString()));
    HostTools.run(List.of("umoci", "new", "--image", layout + ":latest"));
    HostTools.run(bundleCommand("unpack", layout, bundle));
    Path root = bundle.resolve("rootfs");
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(busybox, bin.resolve("busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Files.createSymbolicLink(bin.resolve("bash"), Path.of("../usr/bin/bash"));
    for (String d : List.of("usr", "tmp", "proc", "dev", "etc")) {
      Files.createDirectories(root.resolve(d));
    }
    for (Map.Entry<String, String> link : Map.of("lib", "usr/lib", "lib64", "usr/lib64").entrySet()) {
      Files.createSymbolicLink(root.resolve(link.getKey()), Path.of(link.getValue()));
    }
    Files.writeString(root.resolve("etc/os-release"), "ID=" + osReleaseId + "\nNAME=\"Test image "
        + osReleaseId + "\"\n", StandardCharsets.UTF_8);
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n", StandardCharsets.UTF_8);
    Files.writeString(root.resolve("etc/group"), "root:x:0:\n", StandardCharsets.UTF_8);
    HostTools.run(bundleCommand("repack", layout, bundle));
    HostTools.run(List.of("umoci", "config", "--image", layout + ":latest", "--config.cmd", "/bin/sh"));
    return layout;
  }

  /** umoci's unpack or repack of the layout's latest image; without root, rootless (files kept as the caller's). */
  private static List<String> bundleCommand(String verb, Path layout, Path bundle) {
    List<String> command = new java.util.ArrayList<>(List.of("umoci", verb));
    if (!"root".equals(System.getProperty("user.name"))) {
      command.add("--rootless");
    }
    command.addAll(List.of("--image", layout + ":latest", bundle.toString()));
    return command;
  }

  private static boolean containsLoader(Path binary) throws IOException {
    byte[] bytes = Files.readAllBytes(binary);
    return new String(bytes, StandardCharsets.ISO_8859_1).contains("/ld-linux");
  }
}
