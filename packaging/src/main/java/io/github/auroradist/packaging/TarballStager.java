package io.github.auroradist.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Lays out each package as a relocatable tree (bin/, lib/, conf/) that the Maven Assembly plugin
 * packs into NAME-VERSION.tar.gz; the launchers find lib/ beside bin/. The Homebrew formula and
 * operators who do not use deb or rpm install from these.
 */
final class TarballStager {
  private final Contents contents;

  TarballStager(Contents contents) {
    this.contents = contents;
  }

  Path stage(PackageDefinition p, String tarballName, List<Contents.Command> commands, String version, Path distDir)
      throws IOException {
    Path root = distDir.resolve(tarballName + "-" + version);
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("lib"));
    Files.createDirectories(root.resolve("conf"));
    for (Contents.Command c : commands) {
      Path launcher = root.resolve("bin").resolve(c.name());
      Files.writeString(launcher, contents.launcher(c, null));
      Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    String lib = Contents.libDir(p.name()) + "/";
    for (Entry e : p.entries()) {
      if (e.kind() == Entry.Kind.FILE && e.source() != null && e.path().startsWith(lib)) {
        Files.copy(e.source(), root.resolve("lib").resolve(e.source().getFileName()),
            StandardCopyOption.REPLACE_EXISTING);
      } else if (e.kind() == Entry.Kind.FILE && e.source() != null && isConfiguration(e.path())) {
        Files.copy(e.source(), root.resolve("conf").resolve(Path.of(e.path()).getFileName()),
            StandardCopyOption.REPLACE_EXISTING);
      } else if (e.kind() == Entry.Kind.SYMLINK && e.path().startsWith("/usr/bin/")) {
        Path link = root.resolve("bin").resolve(Path.of(e.path()).getFileName());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(e.linkTarget()));
      }
    }
    return root;
  }

  private static boolean isConfiguration(String path) {
    return path.startsWith("/etc/") || path.endsWith(".service") || path.startsWith("/usr/lib/tmpfiles.d/")
        || (path.startsWith("/usr/bin/") && path.endsWith("-startup"));
  }
}
