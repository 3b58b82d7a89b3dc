package io.github.auroradist.scheduler.storage;

/** The log's disk has no room for a write; nothing was written, and writes resume once space is freed. */
public final class LogDiskFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public LogDiskFullException(String message) {
    super(message);
  }
}
