package io.github.auroradist.observer.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The bytes in the regular files of a directory tree, counted the way {@link ConfinedDirectory}
 * reads: each directory opened relative to the one it is in, never following a link, so a task
 * that swaps a directory for a link while it is counted cannot send the walk outside its sandbox.
 *
 * @param bytes the sizes of the regular files found, added up
 * @param partial whether the walk stopped early: more entries than it counts, or deeper than it goes
 */
public record DiskUsage(long bytes, boolean partial) {
  /** Directories below the top the walk goes into: one open directory each. */
  static final int MAX_DEPTH = 64;

  /** Walks the tree below {@code top} (left open), counting at most {@code maxEntries} entries. */
  static DiskUsage walk(SecureDirectoryStream<Path> top, int maxEntries, BoundedOpen opens) {
    long bytes = 0;
    int entries = 0;
    Deque<Level> levels = new ArrayDeque<>();
    try {
      levels.push(new Level(opens.directory(top, ".")));
      while (!levels.isEmpty()) {
        Level level = levels.peek();
        String name = level.next();
        if (name == null) {
          levels.pop().close();
          continue;
        }
        if (++entries > maxEntries) {
          return new DiskUsage(bytes, true);
        }
        BasicFileAttributes a;
        try {
          a = level.dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
              LinkOption.NOFOLLOW_LINKS).readAttributes();
        } catch (NoSuchFileException e) {
          continue; // removed while we counted
        }
        if (a.isRegularFile()) {
          bytes += a.size();
        } else if (a.isDirectory()) {
          if (levels.size() > MAX_DEPTH) {
            return new DiskUsage(bytes, true);
          }
          try {
            levels.push(new Level(opens.directory(level.dir, name)));
          } catch (IOException e) {
            // removed, swapped for a link or a FIFO while we counted: not counted
          }
        }
      }
      return new DiskUsage(bytes, false);
    } catch (IOException | SandboxException e) {
      return new DiskUsage(bytes, true); // the top unreadable, or too many opens stuck in it
    } finally {
      levels.forEach(Level::close);
    }
  }

  /** One open directory of the walk and where its listing stands. */
  private static final class Level {
    private final SecureDirectoryStream<Path> dir;
    private final Iterator<Path> names;

    Level(SecureDirectoryStream<Path> dir) {
      this.dir = dir;
      this.names = dir.iterator();
    }

    /** The next name in the directory, or null at its end (or when it can no longer be read). */
    String next() {
      try {
        return names.hasNext() ? names.next().getFileName().toString() : null;
      } catch (DirectoryIteratorException e) {
        return null;
      }
    }

    void close() {
      try {
        dir.close();
      } catch (IOException e) {
        // a directory we only read
      }
    }
  }
}
