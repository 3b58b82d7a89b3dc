package io.github.auroradist.scheduler.security;

/** {@code -http_authentication_mechanism}: how API writes prove who sends them (Aurora's values). */
public enum HttpAuthenticationMechanism {
  /** Nobody is authenticated: every write is allowed and recorded as user UNSECURE (as Aurora). */
  NONE,
  /** HTTP Basic (RFC 7617) against the users of {@code -shiro_ini_path}. */
  BASIC,
  /**
   * SPNEGO (RFC 4559, Kerberos V5) against {@code -kerberos_server_principal}'s keytab, authorized by
   * {@code -shiro_ini_path}.
   */
  NEGOTIATE
}
