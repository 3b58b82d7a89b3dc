package io.github.auroradist.scheduler.mesos;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Mesos status updates into task state changes in batches, as Aurora's TaskStatusHandler does: the thread
 * that handles Mesos's events only queues an update; one worker takes up to {@code maxBatch} queued updates
 * (-max_status_update_batch_size) at a time and applies them in one storage write (one log transaction), and only
 * once that write is committed does it hand each update on to be acknowledged. An update whose write failed is
 * not acknowledged, so Mesos sends it again. Closing (this scheduler stops leading) drops the queue, and nothing
 * is acknowledged after that.
 */
public final class TaskStatusHandler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskStatusHandler.class);

  /** What follows a committed batch. */
  public interface AfterCommit {
    /** Mesos may forget the update: its state change is durable. */
    void acknowledge(TaskStatus status);

    /** Mesos reports a task this scheduler does not know, still active: it is to be killed. */
    void killUnknown(TaskStatus status);
  }

  private final Storage storage;
  private final StateManager stateManager;
  private final Stats stats;
  private final int maxBatch;
  private final AfterCommit after;
  private final Thread worker;
  /** Queued by {@link #close} to wake the worker, which then stops; never applied. */
  private static final TaskStatus STOP = TaskStatus.getDefaultInstance();

  private final BlockingQueue<TaskStatus> queue = new LinkedBlockingQueue<>();
  private final AtomicLong lastBatchSize = new AtomicLong();
  private volatile boolean closed;

  public TaskStatusHandler(Storage storage, StateManager stateManager, Stats stats, int maxBatch,
      ThreadFactory threads, AfterCommit after) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
    }
    this.storage = storage;
    this.stateManager = stateManager;
    this.stats = stats;
    this.maxBatch = maxBatch;
    this.after = after;
    this.worker = threads.newThread(this::run);
    stats.gauge("status_updates_queued", this::queued);
    stats.gauge("status_update_batch_size", lastBatchSize::get);
  }

  public void start() {
    worker.start();
  }

  /** Queues an update; returns at once. */
  public void enqueue(TaskStatus status) {
    if (!closed) {
      queue.add(status);
    }
  }

  /** How many updates wait to be recorded (none once closed). */
  public int queued() {
    return closed ? 0 : queue.size();
  }

  private void run() {
    List<TaskStatus> batch = new ArrayList<>();
    while (!closed) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, maxBatch - 1);
      if (closed) {
        return; // STOP is queued only once closed
      }
      handle(batch);
      batch.clear();
    }
  }

  private void handle(List<TaskStatus> batch) {
    try {
      apply(batch);
    } catch (StorageException e) {
      // The log failed: the scheduler is stopping. Unacknowledged, these come again to the next leader.
      LOG.warn("{} status update(s) not recorded, so not acknowledged: {}", batch.size(), e.getMessage());
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        LOG.warn("Status update {} of task {} could not be recorded; not acknowledged, so Mesos sends it again",
            batch.get(0).getState(), batch.get(0).getTaskId().getValue(), e);
        return;
      }
      // One bad update must not keep the others from being recorded: each on its own.
      LOG.warn("A batch of {} status updates could not be recorded; recording each alone", batch.size(), e);
      for (TaskStatus status : batch) {
        handle(List.of(status));
      }
    }
  }

  private void apply(List<TaskStatus> batch) {
    List<TaskStatus> unknown = new ArrayList<>();
    long start = System.nanoTime();
    storage.write(s -> {
      for (TaskStatus status : batch) {
        String taskId = status.getTaskId().getValue();
        if (s.task(taskId).isEmpty()) {
          if (!MesosTaskStates.isTerminal(status.getState())) {
            unknown.add(status);
          }
          continue;
        }
        Optional<ScheduleStatus> to = MesosTaskStates.toStatus(status.getState());
        if (to.isPresent()) {
          String message = status.hasMessage() && !status.getMessage().isEmpty() ? status.getMessage()
              : status.hasReason() ? status.getReason().name() : null;
          if (stateManager.changeState(s, taskId, Optional.empty(), to.get(), message).allowed()) {
            LOG.info("Task {} is {}{}", taskId, to.get(), message == null ? "" : " (" + message + ")");
          }
        }
      }
      return null;
    });
    stats.record("status_update_batch", System.nanoTime() - start);
    stats.counter("status_update_batches").incrementAndGet();
    stats.counter("status_updates_recorded").addAndGet(batch.size());
    lastBatchSize.set(batch.size());
    if (closed) {
      return; // this scheduler stopped leading meanwhile: the next leader hears of these again
    }
    for (TaskStatus status : unknown) {
      LOG.warn("Mesos reports unknown task {} as {}; killing it", status.getTaskId().getValue(), status.getState());
      after.killUnknown(status);
    }
    for (TaskStatus status : batch) {
      if (status.hasUuid() && status.hasAgentId()) {
        after.acknowledge(status);
      }
    }
  }

  /** Drops the queued updates (unacknowledged: Mesos sends them to the next leader) and stops the worker. */
  @Override
  public void close() {
    closed = true;
    queue.clear();
    // Not an interrupt: a write under way finishes (or fails) as writes do, and its updates go unacknowledged.
    queue.add(STOP);
  }
}
