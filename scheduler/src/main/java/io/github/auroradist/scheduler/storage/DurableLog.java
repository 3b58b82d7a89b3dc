package io.github.auroradist.scheduler.storage;

/** Where transactions are made durable before they are applied to the stores. */
public interface DurableLog extends AutoCloseable {
  /**
   * Commits the transaction; when this returns, it is durable and applied to the stores.
   *
   * @throws DurableLogException when it could not be committed (the caller must not go on as if it was)
   */
  void append(Transaction tx) throws DurableLogException;

  /** Writes a snapshot of the stores and lets the log drop the entries it covers; returns its log index. */
  long snapshotNow() throws DurableLogException;

  /** Whether this scheduler may write (it leads the log group). */
  boolean isLeader();

  @Override
  void close();
}
