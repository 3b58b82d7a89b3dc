package io.github.auroradist.benchmarks;

import io.github.auroradist.scheduler.storage.DurableLog;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.Transaction;

/**
 * A log that applies each transaction to the stores at once and keeps nothing: the storage Aurora's state and
 * placement benchmarks ran on (its in-memory store, no replicated log). The Ratis log has benchmarks of its own
 * ({@link LogBenchmarks}).
 */
final class MemoryLog implements DurableLog {
  private final InMemoryStores stores;

  MemoryLog(InMemoryStores stores) {
    this.stores = stores;
  }

  @Override
  public void append(Transaction tx) {
    stores.apply(tx);
  }

  @Override
  public long snapshotNow() {
    return -1;
  }

  @Override
  public boolean isLeader() {
    return true;
  }

  @Override
  public void close() {
  }
}
