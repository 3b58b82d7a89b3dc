package io.github.auroradist.scheduler.storage;

/** The log directory was never initialized; the message says how to initialize it. */
public final class UninitializedLogException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public UninitializedLogException(String message) {
    super(message);
  }
}
