package io.github.auroradist.scheduler.security;

import java.nio.file.Path;
import java.util.Set;

/**
 * Who may write through the API and as which roles jobs may run: {@code -http_authentication_mechanism},
 * {@code -shiro_realm_modules}, {@code -shiro_ini_path}, {@code -denied_roles} and {@code -allow_root_role}.
 *
 * @param iniPath the security.ini, or null
 */
public record SecuritySettings(HttpAuthenticationMechanism mechanism, Set<ShiroRealmModule> realmModules,
    Path iniPath, Set<String> deniedRoles, boolean allowRootRole) {
  /** Aurora's defaults: nobody authenticated, every role but root allowed. */
  public static final SecuritySettings NONE = new SecuritySettings(HttpAuthenticationMechanism.NONE,
      Set.of(ShiroRealmModule.INI_AUTHNZ), null, Set.of(), false);

  public SecuritySettings {
    realmModules = Set.copyOf(realmModules);
    deniedRoles = Set.copyOf(deniedRoles);
  }
}
