package io.github.auroradist.scheduler.storage;

/** A transaction could not be made durable. */
public final class DurableLogException extends Exception {
  private static final long serialVersionUID = 1L;

  public DurableLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
