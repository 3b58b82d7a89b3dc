package io.github.auroradist.scheduler.mesos;

import io.github.auroradist.scheduler.stats.Stats;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends calls to the Mesos master off the thread that handles its events, so that a slow call (an acknowledgement,
 * a launch) holds up no event behind it. Calls are spread over lanes by a key: calls with the same key (an agent
 * id, so a kill follows the launch of the same task) go out one at a time in the order given; calls with other
 * keys go out in parallel. Closing drops the calls not yet sent.
 */
final class MesosCalls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MesosCalls.class);

  private final ExecutorService[] lanes;
  private final AtomicInteger queued = new AtomicInteger();
  private volatile boolean closed;

  MesosCalls(int lanes, ThreadFactory threads, Stats stats) {
    this.lanes = new ExecutorService[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = Executors.newSingleThreadExecutor(threads);
    }
    stats.gauge("mesos_calls_queued", queued::get);
  }

  /** Sends {@code call} after the calls given earlier with the same key; a failure is logged. */
  void send(String key, Runnable call) {
    send(key, call, e -> LOG.warn("A call to Mesos failed: {}", e.getMessage()));
  }

  /** As {@link #send(String, Runnable)}, with {@code onFailure} run (on the lane) when the call fails. */
  void send(String key, Runnable call, Consumer<RuntimeException> onFailure) {
    if (closed) {
      return;
    }
    queued.incrementAndGet();
    try {
      lanes[Math.floorMod(key.hashCode(), lanes.length)].execute(() -> {
        queued.decrementAndGet();
        if (closed) {
          return;
        }
        try {
          call.run();
        } catch (RuntimeException e) {
          onFailure.accept(e);
        }
      });
    } catch (RejectedExecutionException e) {
      queued.decrementAndGet(); // closed meanwhile
    }
  }

  @Override
  public void close() {
    closed = true;
    for (ExecutorService lane : lanes) {
      lane.shutdownNow();
    }
    for (ExecutorService lane : lanes) {
      try {
        lane.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
