package io.github.auroradist.observer.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a path typed into a URL into a file inside one task's sandbox, or refuses. The sandbox
 * browser must never leave the sandbox, whatever the request or the task's own files say:
 *
 * <ul>
 *   <li>segments are taken one by one; {@code .} and {@code ..}, and segments holding a separator
 *       or NUL (from percent-encoding) are refused outright rather than normalized;
 *   <li>a leading or doubled {@code /} is only an empty segment, so an "absolute" path still
 *       starts at the sandbox;
 *   <li>the result's real path (every symbolic link resolved) must lie under the sandbox's real
 *       path, so a task cannot publish {@code /etc} by linking to it.
 * </ul>
 */
public final class SandboxPaths {
  private SandboxPaths() {}

  /** A file or directory inside a sandbox: its real path and its path relative to the sandbox. */
  public record Resolved(Path realPath, String relative, boolean directory) {}

  /** One entry of a directory listing. */
  public record Entry(String name, Kind kind, long size, long modifiedMs) {
    public enum Kind { DIRECTORY, FILE, LINK_OUTSIDE, BROKEN_LINK, OTHER }
  }

  /** Splits a request path (already percent-decoded per segment) into checked segments. */
  public static List<String> checkSegments(List<String> segments) throws SandboxException {
    List<String> result = new ArrayList<>();
    for (String segment : segments) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new SandboxException(403, "The path may not contain '" + segment
            + "' segments; the browser only shows files inside the task's sandbox.");
      }
      if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
        throw new SandboxException(400, "Path segment '" + printable(segment)
            + "' holds an encoded separator or NUL; write paths with plain '/'.");
      }
      result.add(segment);
    }
    return result;
  }

  /**
   * Resolves {@code segments} under {@code sandbox}.
   *
   * @throws SandboxException 404 when the sandbox or the file does not exist, 403 when the path or
   *     a symbolic link on it leads outside the sandbox, 400 for a malformed segment
   */
  public static Resolved resolve(Path sandbox, List<String> segments) throws SandboxException {
    List<String> checked = checkSegments(segments);
    Path root = realSandbox(sandbox);
    Path candidate = root;
    for (String segment : checked) {
      candidate = candidate.resolve(segment);
    }
    String relative = String.join("/", checked);
    if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
      throw new SandboxException(404, "No file '" + relative + "' in the sandbox.");
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (NoSuchFileException e) {
      throw new SandboxException(404, "'" + relative + "' is a symbolic link to a file that does not exist.");
    } catch (IOException e) {
      throw new SandboxException(403, "Cannot read '" + relative + "': " + e.getMessage());
    }
    if (!real.startsWith(root)) {
      throw new SandboxException(403, "'" + relative
          + "' leads outside the task's sandbox (through a symbolic link); the observer only serves"
          + " files inside the sandbox.");
    }
    return new Resolved(real, relative, Files.isDirectory(real));
  }

  /** The sandbox's real path, or 404 when it is gone (e.g. garbage collected by the agent). */
  public static Path realSandbox(Path sandbox) throws SandboxException {
    try {
      Path root = sandbox.toRealPath();
      if (!Files.isDirectory(root)) {
        throw new SandboxException(404, "The task's sandbox " + sandbox + " is not a directory.");
      }
      return root;
    } catch (IOException e) {
      throw new SandboxException(404, "The task's sandbox " + sandbox
          + " does not exist on this worker (the agent may have garbage collected it).");
    }
  }

  /** Whether {@code path} (possibly a link) ends up inside {@code realRoot}. */
  public static boolean inside(Path realRoot, Path path) {
    try {
      return path.toRealPath().startsWith(realRoot);
    } catch (IOException e) {
      return false;
    }
  }

  /** The entries of a directory inside the sandbox: directories first, then by name. */
  public static List<Entry> list(Path realRoot, Path directory) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path p : stream) {
        entries.add(entry(realRoot, p));
      }
    }
    entries.sort(Comparator.comparing((Entry e) -> e.kind() != Entry.Kind.DIRECTORY)
        .thenComparing(Entry::name));
    return entries;
  }

  private static Entry entry(Path realRoot, Path p) throws IOException {
    String name = p.getFileName().toString();
    BasicFileAttributes own = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (own.isSymbolicLink()) {
      if (!Files.exists(p)) {
        return new Entry(name, Entry.Kind.BROKEN_LINK, 0, own.lastModifiedTime().toMillis());
      }
      if (!inside(realRoot, p)) {
        return new Entry(name, Entry.Kind.LINK_OUTSIDE, 0, own.lastModifiedTime().toMillis());
      }
      BasicFileAttributes target = Files.readAttributes(p, BasicFileAttributes.class);
      return of(name, target);
    }
    return of(name, own);
  }

  private static Entry of(String name, BasicFileAttributes a) {
    Entry.Kind kind = a.isDirectory() ? Entry.Kind.DIRECTORY
        : a.isRegularFile() ? Entry.Kind.FILE : Entry.Kind.OTHER;
    return new Entry(name, kind, a.isRegularFile() ? a.size() : 0, a.lastModifiedTime().toMillis());
  }

  private static String printable(String s) {
    return s.replace("\0", "\\0");
  }
}
