package io.github.auroradist.packaging;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing a package installs: a file (copied or generated), a directory, or a symbolic link.
 * Paths are absolute on the target system. Owners are always root: files owned by a service user
 * are chowned by the maintainer scripts, after the user exists.
 *
 * @param source a file to copy, for {@link Kind#FILE} entries that are not generated
 * @param text generated content, for {@link Kind#FILE} entries without a source
 * @param conffile whether the package manager must keep an operator's edits on upgrade
 */
public record Entry(String path, Kind kind, Path source, String text, String linkTarget, int mode, boolean conffile) {
  public enum Kind { FILE, DIRECTORY, SYMLINK }

  public Entry {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("package paths are absolute and have no trailing slash: " + path);
    }
  }

  public static Entry file(String path, Path source, int mode) {
    return new Entry(path, Kind.FILE, source, null, null, mode, false);
  }

  public static Entry generated(String path, String text, int mode) {
    return new Entry(path, Kind.FILE, null, text, null, mode, false);
  }

  public static Entry directory(String path) {
    return new Entry(path, Kind.DIRECTORY, null, null, null, 0755, false);
  }

  public static Entry symlink(String path, String target) {
    return new Entry(path, Kind.SYMLINK, null, null, target, 0777, false);
  }

  public Entry asConffile() {
    return new Entry(path, kind, source, text, linkTarget, mode, true);
  }
}
