package io.github.auroradist.scheduler.api;

/**
 * Who sent a request, as recorded in the audit trail (task and update events, cron and quota logs).
 *
 * @param user the authenticated user's name, or {@link #UNSECURE} when the scheduler authenticates nobody
 */
public record Caller(String user) {
  /** Aurora's name for the user of a request when no authentication is configured. */
  public static final String UNSECURE_USER = "UNSECURE";
  public static final Caller UNSECURE = new Caller(UNSECURE_USER);

  public Caller {
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("a caller needs a user name");
    }
  }
}
