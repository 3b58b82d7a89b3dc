package io.github.auroradist.observer.sandbox;

/** A sandbox path the observer will not serve, with the HTTP status that says why. */
public final class SandboxException extends Exception {
  /** 400 for a malformed path, 403 for one that leaves the sandbox, 404 for one that does not exist. */
  private final int status;

  public SandboxException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
