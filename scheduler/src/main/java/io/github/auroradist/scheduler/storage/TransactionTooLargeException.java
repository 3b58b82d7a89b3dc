package io.github.auroradist.scheduler.storage;

/** A change too large for one log entry; nothing was written. */
public final class TransactionTooLargeException extends IllegalArgumentException {
  public TransactionTooLargeException(String message) {
    super(message);
  }
}
