package io.github.auroradist.client.api;

/**
 * Talking to the scheduler failed. {@link #kind()} says how, which decides the client's exit
 * code: the network (7), a timeout (9), an error the API returned (10) or refused credentials (30).
 */
public class SchedulerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How the request failed. */
  public enum Kind { NETWORK, TIMEOUT, API, NOT_LEADER, AUTH }

  private final Kind kind;
  private final String code;

  public SchedulerException(Kind kind, String code, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  /** The API's error code ({@code INVALID_REQUEST}, {@code NOT_FOUND}, ...), or null. */
  public String code() {
    return code;
  }
}
