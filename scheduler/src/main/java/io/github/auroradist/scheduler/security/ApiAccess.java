package io.github.auroradist.scheduler.security;

import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.Caller;
import org.apache.shiro.realm.text.IniRealm;

/**
 * Who may write through the API. The HTTP server authenticates each write's sender, and each write route names the
 * permission its action needs (see {@link Permissions}); reads need neither.
 */
public interface ApiAccess {
  /** The {@code WWW-Authenticate} challenge of HTTP Basic. */
  String BASIC_CHALLENGE = "Basic realm=\"Aurora Scheduler\"";

  /** The {@code WWW-Authenticate} challenge sent with every 401: how to give credentials. */
  default String challenge() {
    return BASIC_CHALLENGE;
  }

  /**
   * The sender of a write.
   *
   * @param authorization the request's {@code Authorization} header, or null when it has none
   * @throws ApiException 401 {@code AUTH_FAILED} when credentials are needed and missing or not accepted
   */
  Caller authenticate(String authorization);

  /**
   * Lets {@code caller} on only when it holds {@code permission}.
   *
   * @throws ApiException 403 {@code AUTH_FAILED} naming the user and the permission
   */
  void authorize(Caller caller, String permission);

  /** No authentication: every write is allowed, and recorded as Aurora's {@link Caller#UNSECURE}. */
  ApiAccess OPEN = new ApiAccess() {
    @Override
    public Caller authenticate(String authorization) {
      return Caller.UNSECURE;
    }

    @Override
    public void authorize(Caller caller, String permission) {
      // Everyone may do everything.
    }
  };

  /** The access the security flags configure, with the files they name read and checked. */
  static ApiAccess of(SecuritySettings settings) {
    return switch (settings.mechanism()) {
      case NONE -> OPEN;
      case BASIC -> new IniAccess(ini(settings, "-http_authentication_mechanism=BASIC needs -shiro_ini_path: the"
          + " security.ini with the users, their passwords and their roles' permissions"));
      case NEGOTIATE -> {
        if (!settings.realmModules().contains(ShiroRealmModule.KERBEROS5_AUTHN)
            || !settings.realmModules().contains(ShiroRealmModule.INI_AUTHNZ)) {
          throw new SecurityConfigException("-http_authentication_mechanism=NEGOTIATE needs"
              + " -shiro_realm_modules=KERBEROS5_AUTHN,INI_AUTHNZ (Kerberos authenticates, the security.ini"
              + " authorizes); it is " + settings.realmModules().stream().map(Enum::name).sorted().toList());
        }
        IniAccess authorizer = new IniAccess(ini(settings, "-shiro_realm_modules=INI_AUTHNZ needs -shiro_ini_path:"
            + " the security.ini whose [users] give each Kerberos user (the principal's name before the @) its"
            + " roles, and whose [roles] give the permissions"));
        if (settings.kerberosDebug()) {
          // The JDK's Kerberos and GSS-API traces (on standard output), read when their classes load: set first.
          System.setProperty("sun.security.krb5.debug", "true");
          System.setProperty("sun.security.jgss.debug", "true");
        }
        yield new KerberosAccess(new SpnegoAcceptor(settings.kerberosPrincipal(), settings.kerberosKeytab(),
            settings.kerberosDebug()), authorizer, settings.kerberosDebug());
      }
    };
  }

  private static IniRealm ini(SecuritySettings settings, String whenMissing) {
    if (settings.iniPath() == null) {
      throw new SecurityConfigException(whenMissing);
    }
    return SecurityIni.load(settings.iniPath());
  }
}
