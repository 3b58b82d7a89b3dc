package io.github.auroradist.scheduler.security;

/** {@code -shiro_realm_modules}: where users, their passwords and their permissions come from (Aurora's names). */
public enum ShiroRealmModule {
  /** Users, roles and permissions from an INI file ({@code -shiro_ini_path}), Aurora's security.ini. */
  INI_AUTHNZ,
  /** Kerberos principals authenticated by SPNEGO, authentication only (Aurora's Kerberos5 realm). */
  KERBEROS5_AUTHN
}
