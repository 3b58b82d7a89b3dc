package io.github.auroradist.observer.sandbox;

import io.github.auroradist.observer.sandbox.SandboxPaths.Entry;
import io.github.auroradist.observer.sandbox.SandboxPaths.Resolved;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A directory tree the observer reads without ever leaving it, even while the task that owns the
 * tree changes it as we read.
 *
 * <p>Checking a path and then opening it by name is a race a task can win: it swaps a directory on
 * the path for a symbolic link to {@code /etc} between the check and the open. So nothing here is
 * opened by its path. The top directory is opened once (its own last component without following a
 * link); everything below it is opened one component at a time relative to the directory opened
 * before, never following a link ({@code openat} with {@code O_NOFOLLOW}, through
 * {@link SecureDirectoryStream}). A swapped-in link then fails the open instead of being followed.
 *
 * <p>Symbolic links are resolved by the observer, not the kernel: it reads the link's text and
 * walks to what it names again from the top, component by component, refusing a target that would
 * leave the tree (an absolute path elsewhere, or a {@code ..} above the top). Whatever a task does
 * to its files, every file served was reached by that walk from the top directory's descriptor.
 *
 * <p>Every open goes through {@link BoundedOpen}: a FIFO put in a file's or directory's place after
 * its type was checked can make an open wait, but not for longer than a moment, and never serves.
 */
public final class ConfinedDirectory implements AutoCloseable {
  /** Links followed in one walk, as the kernel's limit on Linux. */
  static final int MAX_LINKS = 40;
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final SecureDirectoryStream<Path> top;
  private final Path path;
  private final Path realPath;
  private final String what;
  private final BoundedOpen opens;

  private ConfinedDirectory(SecureDirectoryStream<Path> top, Path path, Path realPath, String what,
      BoundedOpen opens) {
    this.top = top;
    this.path = path;
    this.realPath = realPath;
    this.what = what;
    this.opens = opens;
  }

  /**
   * Opens {@code directory}. Links on the way to it are followed (they belong to the agent's work
   * directory), its last component is not.
   *
   * @param what the tree in messages, e.g. "the task's sandbox"
   * @throws SandboxException 404 when it does not exist, 403 when it is a symbolic link
   */
  public static ConfinedDirectory open(Path directory, String what) throws SandboxException {
    return open(directory, what, BoundedOpen.TIMEOUT);
  }

  /** As {@link #open(Path, String)}, an open taking at most about {@code openTimeout}. */
  static ConfinedDirectory open(Path directory, String what, Duration openTimeout) throws SandboxException {
    Path absolute = directory.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null) {
      throw new SandboxException(403, what + " cannot be the root directory.");
    }
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(parent)) {
      return openTop(secure(listing), absolute, what, openTimeout);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw gone(parent, what);
    } catch (IOException e) {
      throw new SandboxException(403, "Cannot open " + parent + ": " + e.getMessage());
    }
  }

  /** Opens the last component of {@code absolute}, in {@code up}, its parent. */
  private static ConfinedDirectory openTop(SecureDirectoryStream<Path> up, Path absolute, String what,
      Duration openTimeout) {
    String name = absolute.getFileName().toString();
    try {
      BasicFileAttributes a = stat(up, name);
      if (a.isSymbolicLink()) {
        throw new SandboxException(403, what + " " + absolute
            + " is a symbolic link; the observer does not follow it.");
      }
      if (!a.isDirectory()) {
        throw new SandboxException(404, what + " " + absolute + " is not a directory.");
      }
      Path realPath = absolute.getParent().toRealPath().resolve(name);
      BoundedOpen opens = new BoundedOpen(realPath, what, openTimeout);
      return new ConfinedDirectory(opens.directory(up, name), absolute, realPath, what, opens);
    } catch (NoSuchFileException e) {
      throw gone(absolute, what);
    } catch (IOException e) {
      throw new SandboxException(403, "Cannot open " + what + " " + absolute + ": " + e.getMessage());
    }
  }

  private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream) throws SandboxException {
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    throw new SandboxException(500, "This platform cannot open files relative to a directory (openat), so the"
        + " observer cannot serve sandboxes safely here; run it on Linux.");
  }

  private static SandboxException gone(Path directory, String what) {
    return new SandboxException(404, what + " " + directory
        + " does not exist on this worker (the agent may have garbage collected it).");
  }

  /** The directory as it was named when opened. */
  public Path path() {
    return path;
  }

  /**
   * The names from the top down to {@code absolute}, when that path lies inside this directory as
   * it was named or as it really is; empty otherwise. Purely by name: nothing is opened.
   */
  public Optional<List<String>> below(Path absolute) {
    for (Path base : List.of(path, realPath)) {
      if (absolute.isAbsolute() && absolute.startsWith(base)) {
        List<String> names = new ArrayList<>();
        base.relativize(absolute).forEach(p -> names.add(p.toString()));
        names.removeIf(String::isEmpty);
        return Optional.of(names);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds what a request path names.
   *
   * @param segments the request's path segments, percent-decoded one by one
   * @throws SandboxException 400 for a malformed segment, 403 when the path or a link on it leads
   *     outside, 404 when nothing is there
   */
  public Resolved resolve(List<String> segments) throws SandboxException {
    List<String> checked = SandboxPaths.checkSegments(segments);
    try (Position p = walk(checked, String.join("/", checked))) {
      return p.resolved();
    }
  }

  /** Whether {@code segments} name a regular file (links inside followed). */
  public boolean isFile(List<String> segments) {
    try {
      return resolve(segments).kind() == Entry.Kind.FILE;
    } catch (SandboxException e) {
      return false;
    }
  }

  /**
   * Opens a regular file found by {@link #resolve} for reading, by walking to it again.
   *
   * @throws SandboxException 403 when it is not a regular file (any more)
   */
  public SeekableByteChannel open(Resolved file) throws SandboxException, IOException {
    try (Position p = walk(file.target(), file.relative())) {
      if (!p.attributes().isRegularFile()) {
        throw new SandboxException(403, "'" + file.relative() + "' is not a regular file.");
      }
      try {
        return opens.file(p.parent(), p.name());
      } catch (NoSuchFileException e) {
        throw new SandboxException(404, "'" + file.relative() + "' was removed while it was being opened.");
      } catch (IOException e) {
        throw changed(file.relative(), e);
      }
    }
  }

  /** The entries of a directory found by {@link #resolve}: directories first, then by name. */
  public List<Entry> list(Resolved directory) throws SandboxException, IOException {
    List<Entry> entries = new ArrayList<>();
    try (Position p = walk(directory.target(), directory.relative());
        SecureDirectoryStream<Path> dir = openDirectory(p.parent(), p.name(), directory.relative())) {
      for (Path child : dir) {
        String name = child.getFileName().toString();
        BasicFileAttributes own;
        try {
          own = stat(dir, name);
        } catch (NoSuchFileException e) {
          continue; // removed while we listed
        }
        entries.add(own.isSymbolicLink() ? link(p.target(), name, own) : entry(name, own));
      }
    }
    entries.sort(Comparator.comparing((Entry e) -> e.kind() != Entry.Kind.DIRECTORY).thenComparing(Entry::name));
    return entries;
  }

  /**
   * The bytes in the regular files of the whole tree, links not followed (neither in it nor out of
   * it); partial after {@code maxEntries} entries.
   */
  public DiskUsage diskUsage(int maxEntries) {
    return DiskUsage.walk(top, maxEntries, opens);
  }

  /** A link in a listing shows what it leads to, if that is inside; it is never followed outside. */
  private Entry link(List<String> directory, String name, BasicFileAttributes own) {
    List<String> segments = new ArrayList<>(directory);
    segments.add(name);
    try (Position p = walk(segments, String.join("/", segments))) {
      return entry(name, p.attributes());
    } catch (SandboxException e) {
      Entry.Kind kind = e.status() == 404 ? Entry.Kind.BROKEN_LINK : Entry.Kind.LINK_OUTSIDE;
      return new Entry(name, kind, 0, own.lastModifiedTime().toMillis());
    }
  }

  private static Entry entry(String name, BasicFileAttributes a) {
    return new Entry(name, kind(a), a.isRegularFile() ? a.size() : 0, a.lastModifiedTime().toMillis());
  }

  private static Entry.Kind kind(BasicFileAttributes a) {
    return a.isDirectory() ? Entry.Kind.DIRECTORY : a.isRegularFile() ? Entry.Kind.FILE : Entry.Kind.OTHER;
  }

  /**
   * Where a walk ended: the (open) directory holding it, its name there ({@code .} for the top),
   * its own attributes and its link-free names from the top.
   */
  private record Position(SecureDirectoryStream<Path> parent, boolean ownsParent, String name,
      BasicFileAttributes attributes, List<String> target, String relative) implements AutoCloseable {
    Resolved resolved() {
      return new Resolved(relative, target, kind(attributes), attributes.isRegularFile() ? attributes.size() : 0,
          attributes.lastModifiedTime().toMillis());
    }

    @Override
    public void close() {
      if (ownsParent) {
        closeQuietly(parent);
      }
    }
  }

  /**
   * Walks {@code names} down from the top, one {@code openat} at a time. A link restarts the walk
   * from the top at what it names; {@code ..} (only ever from a link's text) restarts it one
   * directory up. The names walked so far ({@code at}) therefore never hold a link.
   */
  private Position walk(List<String> names, String relative) throws SandboxException {
    Deque<String> pending = new ArrayDeque<>(names);
    List<String> at = new ArrayList<>();
    SecureDirectoryStream<Path> dir = top;
    int links = 0;
    boolean viaLink = false;
    try {
      while (true) {
        if (pending.isEmpty()) {
          return new Position(top, false, ".", statTop(relative), List.of(), relative);
        }
        String name = pending.removeFirst();
        if (name.equals(".")) {
          continue;
        }
        if (name.equals("..")) {
          if (at.isEmpty()) {
            throw outside(relative);
          }
          at.remove(at.size() - 1);
          restart(pending, at);
          dir = reset(dir);
          at.clear();
          continue;
        }
        BasicFileAttributes a = stat(dir, name, relative, viaLink);
        if (a.isSymbolicLink()) {
          if (++links > MAX_LINKS) {
            throw new SandboxException(403, "'" + relative + "' goes through more than " + MAX_LINKS
                + " symbolic links; it is not served.");
          }
          restart(pending, linkTarget(at, name, relative));
          dir = reset(dir);
          at.clear();
          viaLink = true;
          continue;
        }
        if (pending.isEmpty()) {
          List<String> target = new ArrayList<>(at);
          target.add(name);
          Position end = new Position(dir, dir != top, name, a, List.copyOf(target), relative);
          dir = top; // the position owns it now
          return end;
        }
        if (!a.isDirectory()) {
          throw new SandboxException(404, "No file '" + relative + "' in " + what + " ('" + String.join("/", at)
              + (at.isEmpty() ? "" : "/") + name + "' is not a directory).");
        }
        SecureDirectoryStream<Path> next = openDirectory(dir, name, relative);
        reset(dir);
        dir = next;
        at.add(name);
      }
    } finally {
      reset(dir);
    }
  }

  /** Puts {@code names} in front of what is left to walk. */
  private static void restart(Deque<String> pending, List<String> names) {
    for (int i = names.size() - 1; i >= 0; i--) {
      pending.addFirst(names.get(i));
    }
  }

  /** Closes a directory the walk opened (never the top) and returns the top. */
  private SecureDirectoryStream<Path> reset(SecureDirectoryStream<Path> dir) {
    if (dir != top) {
      closeQuietly(dir);
    }
    return top;
  }

  /**
   * What a link at {@code at/name} names, as names to walk from the top. The text is only read
   * here, never followed: whatever it says is walked again inside this directory.
   */
  private List<String> linkTarget(List<String> at, String name, String relative) throws SandboxException {
    Path link = path;
    for (String s : at) {
      link = link.resolve(s);
    }
    Path text;
    try {
      text = Files.readSymbolicLink(link.resolve(name));
    } catch (IOException e) {
      throw new SandboxException(404, "'" + relative + "' changed while it was being read; try again.");
    }
    List<String> names = new ArrayList<>();
    if (text.isAbsolute()) {
      names.addAll(below(text).orElseThrow(() -> outside(relative)));
    } else {
      names.addAll(at);
      text.forEach(p -> names.add(p.toString()));
    }
    return names;
  }

  private SandboxException outside(String relative) {
    return new SandboxException(403, "'" + relative + "' leads outside " + what
        + " (through a symbolic link); the observer only serves files inside it.");
  }

  private static SandboxException changed(String relative, IOException e) {
    return new SandboxException(403, "'" + relative + "' changed while it was being opened (" + e.getMessage()
        + "); it is not served.");
  }

  private SecureDirectoryStream<Path> openDirectory(SecureDirectoryStream<Path> dir, String name, String relative)
      throws SandboxException {
    try {
      return opens.directory(dir, name);
    } catch (NoSuchFileException e) {
      throw new SandboxException(404, "'" + relative + "' was removed while it was being opened.");
    } catch (IOException e) {
      throw changed(relative, e);
    }
  }

  private BasicFileAttributes stat(SecureDirectoryStream<Path> dir, String name, String relative, boolean viaLink)
      throws SandboxException {
    try {
      return stat(dir, name);
    } catch (NoSuchFileException e) {
      throw new SandboxException(404, viaLink
          ? "'" + relative + "' is a symbolic link to a file that does not exist."
          : "No file '" + relative + "' in " + what + ".");
    } catch (IOException e) {
      throw new SandboxException(403, "Cannot read '" + relative + "': " + e.getMessage());
    }
  }

  private BasicFileAttributes statTop(String relative) throws SandboxException {
    try {
      return top.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
    } catch (IOException e) {
      throw new SandboxException(403, "Cannot read '" + relative + "': " + e.getMessage());
    }
  }

  /** The attributes of {@code name} itself (a link is not followed). */
  private static BasicFileAttributes stat(SecureDirectoryStream<Path> dir, String name) throws IOException {
    return dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NOFOLLOW).readAttributes();
  }

  private static void closeQuietly(SecureDirectoryStream<Path> dir) {
    try {
      dir.close();
    } catch (IOException e) {
      // closing a directory we only read
    }
  }

  @Override
  public void close() {
    closeQuietly(top);
  }
}
