package io.github.auroradist.observer.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of the sandbox browser: a path typed into a URL, checked segment by segment, and what
 * {@link ConfinedDirectory} found there.
 *
 * <ul>
 *   <li>{@code .} and {@code ..}, and segments holding a separator or NUL (from percent-encoding)
 *       are refused outright rather than normalized;
 *   <li>a leading or doubled {@code /} is only an empty segment, so an "absolute" path still
 *       starts at the sandbox.
 * </ul>
 */
public final class SandboxPaths {
  private SandboxPaths() {}

  /**
   * A file or directory found inside a confined directory.
   *
   * @param relative the path as asked for, '/'-separated
   * @param target where it really is, every symbolic link on the way resolved: names from the top
   * @param kind what it is
   * @param size its size in bytes (regular files only, else 0)
   * @param modifiedMs its modification time
   */
  public record Resolved(String relative, List<String> target, Entry.Kind kind, long size, long modifiedMs) {
    public Resolved {
      target = List.copyOf(target);
    }

    public boolean directory() {
      return kind == Entry.Kind.DIRECTORY;
    }
  }

  /** One entry of a directory listing. */
  public record Entry(String name, Kind kind, long size, long modifiedMs) {
    public enum Kind { DIRECTORY, FILE, LINK_OUTSIDE, BROKEN_LINK, OTHER }
  }

  /** Checks a request path (already percent-decoded per segment) and drops its empty segments. */
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
        throw new SandboxException(400, "Path segment '" + segment.replace("\0", "\\0")
            + "' holds an encoded separator or NUL; write paths with plain '/'.");
      }
      result.add(segment);
    }
    return result;
  }
}
