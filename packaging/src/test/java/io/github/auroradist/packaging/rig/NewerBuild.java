package io.github.auroradist.packaging.rig;

import io.github.auroradist.packaging.PackageBuilder;
import io.github.auroradist.packaging.Versions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The build's packages rebuilt as the next version (VERSION+1), for the upgrade tests. Writing them takes a good
 * part of a minute, and the deb, rpm and apt repository upgrade tests all upgrade to the same packages: they are
 * written once per test JVM, in a directory of their own under target/.
 */
final class NewerBuild {
  private static List<Path> packages;

  private NewerBuild() {}

  /** The newer .deb or .rpm files ({@code suffix}), one per package. */
  static synchronized List<Path> packages(String suffix) throws Exception {
    if (packages == null) {
      Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "newer-");
      String maven = System.getProperty("aurora.version");
      packages = PackageBuilder.writePackages(DebInstallIT.REPO, maven, version(), dir.resolve("out"),
          dir.resolve("work"));
    }
    return packages.stream().filter(p -> p.toString().endsWith(suffix)).toList();
  }

  static String version() {
    return Versions.packageVersion(System.getProperty("aurora.version")) + "+1";
  }
}
