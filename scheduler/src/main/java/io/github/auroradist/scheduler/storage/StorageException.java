package io.github.auroradist.scheduler.storage;

/** A change could not be made durable. */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
