package io.github.auroradist.scheduler.http;

import io.github.auroradist.http.Exchange;
import io.github.auroradist.scheduler.security.ApiAccess;
import io.github.auroradist.scheduler.api.Caller;

/**
 * The callers of API writes: the server authenticates each write before its route runs, and the route lets the
 * caller on with the permission its action needs, recording the caller for the audit trail.
 */
final class Callers {
  private static final String CALLER = Callers.class.getName() + ".caller";

  private final ApiAccess access;

  Callers(ApiAccess access) {
    this.access = access;
  }

  /** Who sends this write (401 when the credentials are missing or not accepted). */
  void authenticate(Exchange x) {
    x.request().setAttribute(CALLER, access.authenticate(x.header("Authorization")));
  }

  /** The {@code WWW-Authenticate} challenge of a 401: how this scheduler wants credentials. */
  String challenge() {
    return access.challenge();
  }

  /** The write's caller, once it holds {@code permission} (403 otherwise). */
  Caller permit(Exchange x, String permission) {
    Caller caller = authenticated(x);
    access.authorize(caller, permission);
    return caller;
  }

  /** The write's authenticated caller, for a write that needs no particular permission. */
  Caller authenticated(Exchange x) {
    if (x.request().getAttribute(CALLER) == null) {
      authenticate(x);
    }
    return (Caller) x.request().getAttribute(CALLER);
  }
}
