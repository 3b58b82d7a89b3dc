package io.github.auroradist.scheduler.mesos;

import com.google.protobuf.ByteString;
import io.github.auroradist.scheduler.stats.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * keys go out in parallel. Acknowledgements have lanes of their own ({@link #acknowledge}): they need no order
 * among the other calls, and each one lets the master send the task's next update, so they must not wait behind
 * launches to the same agent. Closing drops the calls not yet sent.
 */
final class MesosCalls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MesosCalls.class);

  private final ExecutorService[] lanes;
  private final ExecutorService[] acknowledgementLanes;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger acknowledgementsQueued = new AtomicInteger();
  /** The acknowledgements queued or under way. */
  private final Set<Acknowledgement> acknowledging = ConcurrentHashMap.newKeySet();

  /** One update of one task, as an acknowledgement names it. */
  private record Acknowledgement(String taskId, ByteString uuid) {}
  private volatile boolean closed;

  /**
   * @param lanes how many calls other than acknowledgements go out at once
   * @param acknowledgementLanes how many acknowledgements go out at once, beside those
   */
  MesosCalls(int lanes, int acknowledgementLanes, ThreadFactory threads, Stats stats) {
    this.lanes = newLanes(lanes, threads);
    this.acknowledgementLanes = newLanes(acknowledgementLanes, threads);
    stats.gauge("mesos_calls_queued", queued::get);
    stats.gauge("mesos_acknowledgements_queued", acknowledgementsQueued::get);
  }

  private static ExecutorService[] newLanes(int count, ThreadFactory threads) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one lane is needed, not " + count);
    }
    ExecutorService[] lanes = new ExecutorService[count];
    for (int i = 0; i < count; i++) {
      lanes[i] = Executors.newSingleThreadExecutor(threads);
    }
    return lanes;
  }

  /**
   * Sends an acknowledgement of the update {@code uuid} of task {@code taskId} on the acknowledgement lanes, never
   * behind the other calls; a failure is logged (the master sends the update again, and it is acknowledged again).
   * An acknowledgement of an update whose acknowledgement is still queued or under way is dropped: the master
   * re-sends an update until it hears of it, and when acknowledgements lag, each re-send queued another
   * acknowledgement of the same update (over 300,000 queued for 100,000 tasks in one run).
   */
  void acknowledge(String taskId, ByteString uuid, Runnable call) {
    Acknowledgement ack = new Acknowledgement(taskId, uuid);
    if (!acknowledging.add(ack)) {
      return;
    }
    boolean queued = enqueue(acknowledgementLanes, acknowledgementsQueued, taskId, () -> {
      try {
        call.run();
      } finally {
        acknowledging.remove(ack);
      }
    }, e -> LOG.warn("Acknowledging a status update of {} failed: {}", taskId, e.getMessage()));
    if (!queued) {
      acknowledging.remove(ack);
    }
  }

  /** How many distinct acknowledgements are queued or under way. */
  int acknowledging() {
    return acknowledging.size();
  }

  /** Sends {@code call} after the calls given earlier with the same key; a failure is logged. */
  void send(String key, Runnable call) {
    send(key, call, e -> LOG.warn("A call to Mesos failed: {}", e.getMessage()));
  }

  /** As {@link #send(String, Runnable)}, with {@code onFailure} run (on the lane) when the call fails. */
  void send(String key, Runnable call, Consumer<RuntimeException> onFailure) {
    enqueue(lanes, queued, key, call, onFailure);
  }

  /** Whether the call was queued (not once closed). */
  private boolean enqueue(ExecutorService[] lanes, AtomicInteger queued, String key, Runnable call,
      Consumer<RuntimeException> onFailure) {
    if (closed) {
      return false;
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
      return false;
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    List<ExecutorService> all = new ArrayList<>(List.of(lanes));
    all.addAll(List.of(acknowledgementLanes));
    for (ExecutorService lane : all) {
      lane.shutdownNow();
    }
    for (ExecutorService lane : all) {
      try {
        lane.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
