package io.github.auroradist.scheduler.security;

import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.Caller;
import java.util.Base64;
import org.ietf.jgss.GSSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPNEGO ({@code Authorization: Negotiate <token>}, RFC 4559) authenticates, as Aurora's KERBEROS5_AUTHN realm; the
 * security.ini authorizes the principal's short name ({@code alice@EXAMPLE.COM} is user {@code alice}). The ini's
 * passwords are never checked, so Basic credentials are refused here.
 */
final class KerberosAccess implements ApiAccess {
  /** The {@code WWW-Authenticate} challenge that asks for a SPNEGO token. */
  static final String NEGOTIATE_CHALLENGE = "Negotiate";
  private static final Logger LOG = LoggerFactory.getLogger(KerberosAccess.class);
  private static final String NEGOTIATE = "negotiate ";

  private final SpnegoAcceptor acceptor;
  private final IniAccess authorizer;
  private final boolean debug;

  KerberosAccess(SpnegoAcceptor acceptor, IniAccess authorizer, boolean debug) {
    this.acceptor = acceptor;
    this.authorizer = authorizer;
    this.debug = debug;
  }

  @Override
  public String challenge() {
    return NEGOTIATE_CHALLENGE;
  }

  @Override
  public Caller authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw unauthenticated("this scheduler requires Kerberos (SPNEGO) for writes and the request had no Negotiate"
          + " token; set auth_mechanism KERBEROS for the cluster in clusters.json and run kinit");
    }
    if (!authorization.regionMatches(true, 0, NEGOTIATE, 0, NEGOTIATE.length())) {
      throw unauthenticated("this scheduler requires Kerberos (SPNEGO) for writes; the request's Authorization"
          + " header uses another scheme (set auth_mechanism KERBEROS for the cluster in clusters.json)");
    }
    byte[] token;
    try {
      token = Base64.getDecoder().decode(authorization.substring(NEGOTIATE.length()).trim());
    } catch (IllegalArgumentException e) {
      throw unauthenticated("the request's Negotiate token is not base64");
    }
    String principal;
    try {
      principal = acceptor.accept(token);
    } catch (GSSException e) {
      if (debug) {
        LOG.warn("A Negotiate token was refused", e);
      }
      throw unauthenticated("this scheduler did not accept the Kerberos token: " + e.getMessage() + " (the"
          + " scheduler's -kerberos_debug=true logs more)");
    }
    int at = principal.lastIndexOf('@');
    String user = at < 0 ? principal : principal.substring(0, at);
    String realm = at < 0 ? acceptor.realm() : principal.substring(at + 1);
    // Short names of two realms could be the same person's or not; only the scheduler's own realm is trusted.
    if (!realm.equals(acceptor.realm())) {
      throw unauthenticated("principal '" + principal + "' is of realm " + realm + "; this scheduler accepts"
          + " principals of its own realm " + acceptor.realm() + " only");
    }
    if (debug) {
      LOG.info("Kerberos principal {} authenticated as user {}", principal, user);
    }
    return new Caller(user);
  }

  @Override
  public void authorize(Caller caller, String permission) {
    authorizer.authorize(caller, permission);
  }

  private static ApiException unauthenticated(String message) {
    return new ApiException(ApiException.AUTH_FAILED, 401, message);
  }
}
