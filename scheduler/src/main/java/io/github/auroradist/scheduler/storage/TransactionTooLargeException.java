package io.github.auroradist.scheduler.storage;

/** A change too large for one log entry; nothing was written. */
public final class TransactionTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TransactionTooLargeException(String message) {
    super(message);
  }
}
