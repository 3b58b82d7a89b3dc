package io.github.auroradist.scheduler.security;

import java.nio.file.Path;
import java.util.Set;

/**
 * Who may write through the API and as which roles jobs may run: {@code -http_authentication_mechanism},
 * {@code -shiro_realm_modules}, {@code -shiro_ini_path}, {@code -kerberos_server_principal},
 * {@code -kerberos_server_keytab}, {@code -kerberos_debug}, {@code -denied_roles} and {@code -allow_root_role}.
 *
 * @param iniPath the security.ini, or null
 * @param kerberosPrincipal the scheduler's service principal ({@code HTTP/host@REALM}), or null
 * @param kerberosKeytab the keytab with that principal's keys, or null
 */
public record SecuritySettings(HttpAuthenticationMechanism mechanism, Set<ShiroRealmModule> realmModules,
    Path iniPath, String kerberosPrincipal, Path kerberosKeytab, boolean kerberosDebug, Set<String> deniedRoles,
    boolean allowRootRole) {
  /** Aurora's defaults: nobody authenticated, every role but root allowed. */
  public static final SecuritySettings NONE = new SecuritySettings(HttpAuthenticationMechanism.NONE,
      Set.of(ShiroRealmModule.INI_AUTHNZ), null, null, null, false, Set.of(), false);

  public SecuritySettings {
    realmModules = Set.copyOf(realmModules);
    deniedRoles = Set.copyOf(deniedRoles);
  }
}
