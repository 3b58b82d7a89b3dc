package io.github.auroradist.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Packs a directory tree into NAME.tar.gz reproducibly: entries sorted by path, owned by root,
 * modes 0755 (directories and executables) or 0644, and every time the build time.
 */
final class TarballWriter {
  private final Instant buildTime;

  TarballWriter(Instant buildTime) {
    this.buildTime = buildTime;
  }

  /** Writes the tree under {@code tree} as entries below {@code topDir}/ in {@code tarball}. */
  Path write(Path tree, String topDir, Path tarball) throws IOException {
    if (!Files.isDirectory(tree)) {
      throw new IOException(tree + " is not a directory: nothing to pack into " + tarball.getFileName());
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(tree)) {
      // Sorted by the path string (not Path's order) so the order is the same on every file system.
      paths = walk.sorted((a, b) -> tree.relativize(a).toString().compareTo(tree.relativize(b).toString())).toList();
    }
    Files.createDirectories(tarball.getParent());
    // GZIPOutputStream writes no file name and a zero time into the gzip header.
    try (OutputStream file = Files.newOutputStream(tarball);
         GZIPOutputStream gzip = new GZIPOutputStream(file);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path p : paths) {
        String rel = tree.relativize(p).toString();
        String name = rel.isEmpty() ? topDir + "/" : topDir + "/" + rel;
        TarArchiveEntry entry;
        if (Files.isSymbolicLink(p)) {
          entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
          entry.setLinkName(Files.readSymbolicLink(p).toString());
          entry.setMode(0120777);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
          entry.setMode(040755);
        } else {
          entry = new TarArchiveEntry(name);
          entry.setSize(Files.size(p));
          entry.setMode(Files.isExecutable(p) ? 0100755 : 0100644);
        }
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        entry.setModTime(Date.from(buildTime));
        tar.putArchiveEntry(entry);
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
      }
    }
    return tarball;
  }
}
