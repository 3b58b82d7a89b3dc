package io.github.auroradist.scheduler.storage;

import io.github.auroradist.common.model.ScheduledTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way to change scheduler state. A write collects ops, commits them to the durable log as
 * one transaction and returns once they are applied. Writes are serialized, so the ops a write
 * computes from the stores are based on the latest state. If the log fails, the scheduler stops
 * (through {@code onLogFailure}) rather than carry on with state that is not durable.
 */
public final class Storage {
  private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

  /**
   * Collects the ops of one write. {@link #read()} sees the state before the write; {@link #task}
   * also sees tasks saved or removed earlier in the same write.
   */
  public interface MutableStore {
    StoreView read();

    void add(Op op);

    Optional<ScheduledTask> task(String taskId);

    /** Runs {@code action} once the write is committed (never if it fails). */
    void afterCommit(Runnable action);
  }

  /** The work of one write. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(MutableStore store);
  }

  private final InMemoryStores stores;
  private final DurableLog log;
  private final Consumer<Throwable> onLogFailure;
  private final Object writeLock = new Object();
  /** When the commit now waiting for the log was sent (System.nanoTime), or 0 while none waits. */
  private volatile long committingSince;

  public Storage(InMemoryStores stores, DurableLog log, Consumer<Throwable> onLogFailure) {
    this.stores = stores;
    this.log = log;
    this.onLogFailure = onLogFailure;
  }

  public StoreView read() {
    return stores;
  }

  public DurableLog log() {
    return log;
  }

  public <T> T write(Work<T> work) {
    List<Runnable> after = new ArrayList<>();
    T result;
    synchronized (writeLock) {
      List<Op> ops = new ArrayList<>();
      Map<String, Optional<ScheduledTask>> written = new HashMap<>();
      result = work.apply(new MutableStore() {
        @Override
        public StoreView read() {
          return stores;
        }

        @Override
        public void add(Op op) {
          ops.add(op);
          if (op instanceof Op.SaveTasks save) {
            save.tasks().forEach(t -> written.put(t.taskId(), Optional.of(t)));
          } else if (op instanceof Op.RemoveTasks remove) {
            remove.taskIds().forEach(id -> written.put(id, Optional.empty()));
          }
        }

        @Override
        public Optional<ScheduledTask> task(String taskId) {
          Optional<ScheduledTask> mine = written.get(taskId);
          return mine != null ? mine : stores.task(taskId);
        }

        @Override
        public void afterCommit(Runnable action) {
          after.add(action);
        }
      });
      if (!ops.isEmpty()) {
        commit(new Transaction(ops));
      }
    }
    // Outside the lock: these may call Mesos, and must not hold up other writes.
    for (Runnable action : after) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("An after-commit action failed", e);
      }
    }
    return result;
  }

  /** Commits ops that need no reads. */
  public void write(Op... ops) {
    write(store -> {
      for (Op op : ops) {
        store.add(op);
      }
      return null;
    });
  }

  /** How long the write now being committed has waited for the log, if one waits: a wedged log shows here. */
  public Optional<Duration> commitWaiting() {
    long since = committingSince;
    return since == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - since));
  }

  private void commit(Transaction tx) {
    committingSince = System.nanoTime();
    try {
      log.append(tx);
    } catch (DurableLogException e) {
      LOG.error("Could not commit a transaction to the scheduler log; stopping so state cannot diverge", e);
      onLogFailure.accept(e);
      throw new StorageException("the scheduler log could not record the change; the scheduler is stopping", e);
    } finally {
      committingSince = 0;
    }
  }
}
