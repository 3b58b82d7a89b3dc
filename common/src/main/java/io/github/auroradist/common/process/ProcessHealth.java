package io.github.auroradist.common.process;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this process can still do its work, and what ends it when it cannot.
 *
 * <p>A daemon that lost a part it cannot run without (for a scheduler: the thread that applies the log, the Mesos
 * subscription, its timers) must not go on answering health checks and holding its serverset membership while
 * its writes hang: it halts, so that its service manager restarts it and a follower takes over. An Error in any
 * thread (an OutOfMemoryError above all) halts too, since nothing after it can be trusted. {@link #get} says why
 * the process is unhealthy (empty while healthy); it turns unhealthy before the halt, and also while a part is
 * alive but wedged, as far as its {@linkplain Parts#probe probes} can tell.
 */
public final class ProcessHealth implements Supplier<Optional<String>> {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessHealth.class);
  /** sysexits.h's EX_SOFTWARE: an internal failure; the service manager restarts the process. */
  public static final int EX_SOFTWARE = 70;

  /** How the process ends: {@link Runtime#halt} in a scheduler process, a report where one is embedded. */
  @FunctionalInterface
  public interface Ending {
    void end(int status, String reason);
  }

  private final Ending ending;
  private final AtomicReference<String> death = new AtomicReference<>();
  /** Threads the process cannot run without, and what each does. */
  private final Map<Thread, String> essential = new ConcurrentHashMap<>();
  private final List<Supplier<Optional<String>>> probes = new CopyOnWriteArrayList<>();

  public ProcessHealth(Ending ending) {
    this.ending = ending;
  }

  /** The health of this JVM: dying halts it at once ({@link Runtime#halt}: no shutdown hooks, which may hang). */
  public static ProcessHealth ofThisProcess() {
    return new ProcessHealth((status, reason) -> Runtime.getRuntime().halt(status));
  }

  /** Makes every thread's uncaught failure go through {@link #uncaught}. */
  public void installAsDefaultHandler() {
    Thread.setDefaultUncaughtExceptionHandler(this::uncaught);
  }

  /** Why the process is unhealthy, or empty while it is healthy. */
  @Override
  public Optional<String> get() {
    String dead = death.get();
    if (dead != null) {
      return Optional.of(dead);
    }
    for (Map.Entry<Thread, String> e : essential.entrySet()) {
      if (e.getKey().getState() == Thread.State.TERMINATED) {
        return Optional.of("the thread " + e.getKey().getName() + " (" + e.getValue() + ") is no longer running");
      }
    }
    for (Supplier<Optional<String>> probe : probes) {
      Optional<String> wedged = probe.get();
      if (wedged.isPresent()) {
        return wedged;
      }
    }
    return Optional.empty();
  }

  /**
   * The policy for a thread that died of {@code failure}: an Error, or any failure of an essential thread,
   * ends the process; any other thread's failure is only logged.
   */
  public void uncaught(Thread thread, Throwable failure) {
    String role = essential.get(thread);
    if (role != null) {
      die("the thread " + thread.getName() + " (" + role + ") died of " + failure, failure);
    } else if (failure instanceof Error) {
      die("the thread " + thread.getName() + " died of " + failure, failure);
    } else {
      LOG.error("The thread {} died", thread.getName(), failure);
    }
  }

  /** Ends the process: marks it unhealthy, logs why, and halts with {@value #EX_SOFTWARE}. */
  public void die(String reason, Throwable cause) {
    if (!death.compareAndSet(null, reason)) {
      return; // already dying
    }
    try {
      LOG.error("Stopping the process: {}", reason, cause);
    } catch (Throwable loggingFailed) {
      // Out of memory, the logger may fail too; stderr still reaches the journal.
      System.err.println("Stopping the process: " + reason);
    }
    ending.end(EX_SOFTWARE, reason);
  }

  /** A set of parts registered together and released together, e.g. those of one scheduler. */
  public Parts parts() {
    return new Parts();
  }

  /** Essential threads and probes that belong to one owner, released when the owner closes them on purpose. */
  public final class Parts implements AutoCloseable {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Supplier<Optional<String>>> mine = new CopyOnWriteArrayList<>();
    private boolean released;

    private Parts() {
    }

    /** Daemon threads named {@code name} (numbered after the first) that are essential while these parts are. */
    public ThreadFactory threads(String name, String role) {
      return new ThreadFactory() {
        private int made;

        @Override
        public synchronized Thread newThread(Runnable body) {
          Thread t = new Thread(body, made++ == 0 ? name : name + "-" + made);
          t.setDaemon(true);
          essential(t, role);
          return t;
        }
      };
    }

    /** Registers {@code thread} as essential; its own failures go through {@link #uncaught} in any case. */
    public synchronized Thread essential(Thread thread, String role) {
      thread.setUncaughtExceptionHandler(ProcessHealth.this::uncaught);
      if (!released) {
        threads.add(thread);
        essential.put(thread, role);
      }
      return thread;
    }

    /** Adds a check that says why a live part is wedged (empty while it works). */
    public synchronized void probe(Supplier<Optional<String>> probe) {
      if (!released) {
        mine.add(probe);
        probes.add(probe);
      }
    }

    /**
     * Ends the process (see {@link ProcessHealth#die}); once these parts are released, only for an Error (a part
     * that fails while its owner stops it on purpose is no reason to stop the process).
     */
    public void die(String reason, Throwable cause) {
      synchronized (this) {
        if (released && !(cause instanceof Error)) {
          LOG.warn("A part failed while being stopped: {}", reason, cause);
          return;
        }
      }
      ProcessHealth.this.die(reason, cause);
    }

    /** The owner stops these parts on purpose: their threads may end now. */
    @Override
    public synchronized void close() {
      released = true;
      threads.forEach(essential::remove);
      probes.removeAll(mine);
    }
  }
}
