package io.github.auroradist.emulator.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a {@link TestImage} container needs from the host to run this test JVM's Java (the Thermos executor in a
 * DOCKER container): the test image has no Java of its own.
 */
public final class HostJava {
  private HostJava() {}

  /**
   * The top directories holding the JVM and this test's class path (e.g. {@code /usr} and {@code /work}), to be
   * mounted read-only at the same paths; {@code /usr} brings the dynamic loader the image's {@code /lib64} link finds.
   */
  public static Set<Path> mountTops() throws IOException {
    Set<Path> tops = new TreeSet<>();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : (System.getProperty("java.home") + File.pathSeparator + classPath)
        .split(File.pathSeparator, -1)) {
      if (!entry.isEmpty()) {
        Path p = Path.of(entry).toAbsolutePath();
        tops.add(p.getRoot().resolve(p.getName(0)));
      }
    }
    tops.add(Path.of("/usr"));
    // Debian's JDKs link their configuration into /etc/java-<version>-openjdk.
    try (Stream<Path> files = Files.walk(Path.of(System.getProperty("java.home")), 4)) {
      for (Path link : files.filter(Files::isSymbolicLink).toList()) {
        Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
        if (target.startsWith("/etc") && target.getNameCount() > 2) {
          tops.add(target.getRoot().resolve(target.subpath(0, 2)));
        }
      }
    }
    return tops;
  }
}
