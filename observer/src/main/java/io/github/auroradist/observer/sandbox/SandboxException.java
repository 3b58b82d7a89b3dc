package io.github.auroradist.observer.sandbox;

import io.github.auroradist.http.HttpError;

/**
 * A sandbox path the observer will not serve, with the HTTP status that says why: 400 for a
 * malformed path, 403 for one that leaves the sandbox, 404 for one that does not exist.
 */
public final class SandboxException extends HttpError {
  private static final long serialVersionUID = 1L;

  public SandboxException(int status, String message) {
    super(status, message);
  }
}
