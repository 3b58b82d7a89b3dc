package io.github.auroradist.emulator.containers;

/** A container could not be prepared, started or cleaned up; the message says why. */
public final class ContainerException extends Exception {
  private static final long serialVersionUID = 1L;

  public ContainerException(String message) {
    super(message);
  }

  public ContainerException(String message, Throwable cause) {
    super(message, cause);
  }
}
