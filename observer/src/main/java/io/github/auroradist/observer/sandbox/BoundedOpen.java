package io.github.auroradist.observer.sandbox;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens names relative to the directories of one tree without letting an open hold the caller.
 *
 * <p>Opening a FIFO for reading blocks until a writer opens it, and {@code openat} as Java calls it
 * takes neither {@code O_NONBLOCK} nor {@code O_DIRECTORY}: a task that swaps one of its files or
 * directories for a FIFO just after the observer checked its type would hold a request thread
 * forever. So each open runs on a helper thread and the caller waits a short time for it. When it
 * has not returned by then, the observer opens the name itself for reading and writing whenever it
 * finds something other than a file, directory or link there (that never blocks on a FIFO, on
 * Linux) and closes it again: that is the writer the stuck open waits for, so it returns, and the
 * opener's own check refuses what it opened. The caller gets an error either way, never a FIFO.
 *
 * <p>A task that swaps the FIFO away again (or deletes it) before it is released leaves the helper
 * thread waiting on it, unreachable. The caller is answered all the same; that thread is counted
 * against the tree, and a tree with {@link #MAX_STUCK} of them gets no more opens (503) until they
 * return, so a hostile task can only spend a few threads, and only on its own sandbox.
 *
 * <p>The helper opens through its own descriptor of the directory: a stuck open holds a lock on the
 * directory stream it goes through, and closing that stream would wait for the open.
 */
final class BoundedOpen {
  /** How long an open may take before it is taken for one stuck on a FIFO, and then released. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  /** Opens of one tree left waiting on FIFOs before the tree gets no more. */
  static final int MAX_STUCK = 4;
  private static final Duration RELEASE_RETRY = Duration.ofMillis(1);
  private static final Logger LOG = LoggerFactory.getLogger(BoundedOpen.class);
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sandbox-open-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  /** Opens started and not returned yet, in every tree (tests watch it). */
  private static final AtomicInteger PENDING = new AtomicInteger();
  /** Per tree, the opens its callers gave up on that have not returned yet. */
  private static final Map<Path, Integer> STUCK = new ConcurrentHashMap<>();

  private final Path tree;
  private final String what;
  private final Duration timeout;

  /**
   * @param tree the tree's real path, what stuck opens are counted against
   * @param what the tree in messages, e.g. "the task's sandbox"
   * @param timeout how long an open may take
   */
  BoundedOpen(Path tree, String what, Duration timeout) {
    this.tree = tree;
    this.what = what;
    this.timeout = timeout;
  }

  /** One open relative to a directory, never following a link. */
  @FunctionalInterface
  private interface Opener<T extends Closeable> {
    T open(SecureDirectoryStream<Path> dir, Path name) throws IOException;
  }

  /**
   * Opens a regular file for reading. What was opened is checked too: a FIFO that a task swapped in
   * and opened for writing itself does not block the open, but reading it would wait on the task.
   */
  SeekableByteChannel file(SecureDirectoryStream<Path> dir, String name) throws IOException {
    return open(dir, name, BoundedOpen::seekable);
  }

  /** Opens a directory (a FIFO opened instead fails to list: "not a directory"). */
  SecureDirectoryStream<Path> directory(SecureDirectoryStream<Path> dir, String name) throws IOException {
    return open(dir, name, (d, n) -> d.newDirectoryStream(n, NOFOLLOW));
  }

  private static SeekableByteChannel seekable(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    SeekableByteChannel channel = dir.newByteChannel(name, Set.<OpenOption>of(StandardOpenOption.READ, NOFOLLOW));
    try {
      channel.position(); // lseek: fails on a FIFO ("Illegal seek")
      return channel;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new IOException("not a regular file (a FIFO was put in its place)", e);
    }
  }

  private <T extends Closeable> T open(SecureDirectoryStream<Path> dir, String name, Opener<T> opener)
      throws IOException {
    int stuck = STUCK.getOrDefault(tree, 0);
    if (stuck >= MAX_STUCK) {
      throw new SandboxException(503, stuck + " opens in " + what + " are stuck on FIFOs the task put in place of"
          + " its files; nothing more is opened there until they return.");
    }
    Path path = Path.of(name);
    SecureDirectoryStream<Path> own = dir.newDirectoryStream(Path.of("."), NOFOLLOW); // "." is never a FIFO
    Handoff handoff = new Handoff();
    Future<T> opening;
    PENDING.incrementAndGet();
    try {
      opening = HELPERS.submit(() -> {
        T opened = null;
        try (own) {
          opened = opener.open(own, path);
          return opened;
        } finally {
          if (!handoff.deliver()) {
            closeQuietly(opened); // the caller gave up on it
            STUCK.computeIfPresent(tree, (k, n) -> n == 1 ? null : n - 1);
          }
          PENDING.decrementAndGet();
        }
      });
    } catch (RuntimeException e) {
      PENDING.decrementAndGet();
      closeQuietly(own);
      throw e;
    }
    T opened = null;
    try {
      opened = await(opening, dir, path);
      return opened;
    } finally {
      if (opened == null) {
        abandon(opening, handoff, name);
      }
    }
  }

  private <T> T await(Future<T> opening, SecureDirectoryStream<Path> dir, Path path) throws IOException {
    try {
      return outcome(opening, timeout);
    } catch (TimeoutException e) {
      // Stuck, most likely on a FIFO put in the name's place after its type was checked.
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      release(dir, path);
      try {
        return outcome(opening, RELEASE_RETRY);
      } catch (TimeoutException e) {
        if (System.nanoTime() - deadline > 0) {
          throw new IOException("its open did not return within " + timeout.toMillis() + " ms: a FIFO was put"
              + " in its place");
        }
      }
    }
  }

  /** The caller gives up: whatever the helper opens is closed, now or when its open returns. */
  private void abandon(Future<? extends Closeable> opening, Handoff handoff, String name) {
    STUCK.merge(tree, 1, Integer::sum);
    if (handoff.giveUp()) {
      LOG.warn("An open of '{}' in {} {} is stuck (a FIFO put in its place and taken away again?); its thread is"
          + " left waiting", name, what, tree);
      return; // the helper closes what it opens, if it ever returns
    }
    STUCK.computeIfPresent(tree, (k, n) -> n == 1 ? null : n - 1);
    try {
      closeQuietly(opening.get()); // it returned (or failed), but the caller got no answer from it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // it failed: nothing to close
    }
  }

  /** Opens started and not returned yet, in every tree. */
  static int pending() {
    return PENDING.get();
  }

  /** Opens the callers of {@code tree} gave up on that have not returned yet. */
  static int stuck(Path tree) {
    return STUCK.getOrDefault(tree, 0);
  }

  private static <T> T outcome(Future<T> opening, Duration wait) throws IOException, TimeoutException {
    try {
      return opening.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  /**
   * Opens {@code name} for reading and writing and closes it again, when it is neither a file, a
   * directory nor a link: the writer a reader's open of a FIFO waits for. Does not block: on Linux,
   * opening a FIFO for reading and writing returns at once. Nothing is written.
   */
  private static void release(SecureDirectoryStream<Path> dir, Path name) {
    try {
      if (dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes().isOther()) {
        dir.newByteChannel(name, Set.<OpenOption>of(StandardOpenOption.READ, StandardOpenOption.WRITE, NOFOLLOW))
            .close();
      }
    } catch (IOException e) {
      // gone or swapped again: tried again until the open returns or the time is up
    }
  }

  private static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      // only opened to be let go
    }
  }

  /** Who finished first: the helper with its open, or the caller giving up on it. */
  private static final class Handoff {
    private final AtomicInteger state = new AtomicInteger(); // 0 waiting, 1 delivered, 2 given up

    /** The helper is done; false when the caller had given up already. */
    boolean deliver() {
      return state.compareAndSet(0, 1);
    }

    /** The caller gives up; false when the helper was done already. */
    boolean giveUp() {
      return state.compareAndSet(0, 2);
    }
  }
}
