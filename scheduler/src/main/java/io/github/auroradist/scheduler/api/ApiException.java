package io.github.auroradist.scheduler.api;

import io.github.auroradist.http.HttpError;
import io.github.auroradist.scheduler.api.validation.Problem;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A request the scheduler refuses or cannot serve. {@code code} is the stable name clients test
 * (INVALID_REQUEST, NOT_FOUND, JOB_EXISTS, UPDATE_CONFLICT, NOT_LEADER, RECOVERY_CONFLICT, AUTH_FAILED, ERROR);
 * {@code httpStatus} the HTTP status. The routing answers it through the server's failure reply, as every
 * {@link HttpError}.
 */
public final class ApiException extends HttpError {
  private static final long serialVersionUID = 1L;

  public static final String INVALID_REQUEST = "INVALID_REQUEST";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String JOB_EXISTS = "JOB_EXISTS";
  /** The request clashes with an update under way, or with the state it is in. */
  public static final String UPDATE_CONFLICT = "UPDATE_CONFLICT";
  public static final String NOT_LEADER = "NOT_LEADER";
  /** The request needs a staged recovery and there is none, or stages one while another is staged. */
  public static final String RECOVERY_CONFLICT = "RECOVERY_CONFLICT";
  /** The write's sender is unknown (401) or lacks the permission (403); Aurora's AUTH_FAILED. */
  public static final String AUTH_FAILED = "AUTH_FAILED";
  public static final String ERROR = "ERROR";

  private final String code;
  private final String redirectBase;
  private final transient List<Problem> problems;

  public ApiException(String code, int httpStatus, String message) {
    this(code, httpStatus, message, null);
  }

  /** {@code redirectBase}: where the same request should go instead (a scheduler's base URL), or null. */
  public ApiException(String code, int httpStatus, String message, String redirectBase) {
    this(code, httpStatus, message, redirectBase, List.of());
  }

  private ApiException(String code, int httpStatus, String message, String redirectBase, List<Problem> problems) {
    super(httpStatus, message);
    this.code = code;
    this.redirectBase = redirectBase;
    this.problems = List.copyOf(problems);
  }

  public Optional<String> redirectBase() {
    return Optional.ofNullable(redirectBase);
  }

  public static ApiException invalid(String message) {
    return new ApiException(INVALID_REQUEST, 400, message);
  }

  /** Refuses a request for every one of {@code problems} at once; the message lists them all. */
  public static ApiException invalid(List<Problem> problems) {
    return new ApiException(INVALID_REQUEST, 400,
        problems.stream().map(Problem::toString).collect(Collectors.joining("; ")), null, problems);
  }

  public static ApiException notFound(String message) {
    return new ApiException(NOT_FOUND, 404, message);
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return status();
  }

  /** Each problem of a refused submission (empty unless it was refused for several at once). */
  public List<Problem> problems() {
    return problems;
  }
}
