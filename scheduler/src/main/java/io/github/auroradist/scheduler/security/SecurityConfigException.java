package io.github.auroradist.scheduler.security;

/**
 * The security flags or the files they name cannot work (a missing security.ini, an unreadable keystore, a mechanism
 * this build lacks): the operator must fix the configuration, so the scheduler exits with EX_CONFIG (78).
 */
public final class SecurityConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SecurityConfigException(String message) {
    super(message);
  }

  public SecurityConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
