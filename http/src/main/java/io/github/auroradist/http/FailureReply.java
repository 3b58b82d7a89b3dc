package io.github.auroradist.http;

/**
 * How a server answers a request that failed: no route, wrong method, a thrown {@link HttpError},
 * or any other exception. Each server renders its own way (JSON for an API, an HTML page for a UI).
 */
@FunctionalInterface
public interface FailureReply {
  /**
   * Sends the failure to the client.
   *
   * @param status the HTTP status to send
   * @param message what went wrong, for the caller
   * @param cause the exception a route threw, or null when no route matched
   */
  void reply(Exchange exchange, int status, String message, Throwable cause);

  /** A plain-text body with the message. */
  FailureReply TEXT = (x, status, message, cause) -> x.text(status, message + "\n");
}
