package io.github.auroradist.scheduler.api;

import java.util.Optional;

/**
 * A request the scheduler refuses or cannot serve. {@code code} is the stable name clients test
 * (INVALID_REQUEST, NOT_FOUND, JOB_EXISTS, NOT_LEADER, ERROR); {@code httpStatus} the HTTP status.
 */
public final class ApiException extends RuntimeException {
  public static final String INVALID_REQUEST = "INVALID_REQUEST";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String JOB_EXISTS = "JOB_EXISTS";
  public static final String NOT_LEADER = "NOT_LEADER";
  public static final String ERROR = "ERROR";

  private final String code;
  private final int httpStatus;
  private final String redirectBase;

  public ApiException(String code, int httpStatus, String message) {
    this(code, httpStatus, message, null);
  }

  /** {@code redirectBase}: where the same request should go instead (a scheduler's base URL), or null. */
  public ApiException(String code, int httpStatus, String message, String redirectBase) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
    this.redirectBase = redirectBase;
  }

  public Optional<String> redirectBase() {
    return Optional.ofNullable(redirectBase);
  }

  public static ApiException invalid(String message) {
    return new ApiException(INVALID_REQUEST, 400, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(NOT_FOUND, 404, message);
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
