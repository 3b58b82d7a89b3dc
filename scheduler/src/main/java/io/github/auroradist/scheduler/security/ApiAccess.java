package io.github.auroradist.scheduler.security;

import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.Caller;

/**
 * Who may write through the API. The HTTP server authenticates each write's sender, and each write route names the
 * permission its action needs (see {@link Permissions}); reads need neither.
 */
public interface ApiAccess {
  /** The {@code WWW-Authenticate} challenge sent with every 401. */
  String BASIC_CHALLENGE = "Basic realm=\"Aurora Scheduler\"";

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

  /** The access the security flags configure; refuses what this build cannot do. */
  static ApiAccess of(SecuritySettings settings) {
    if (settings.realmModules().contains(ShiroRealmModule.KERBEROS5_AUTHN)) {
      throw new SecurityConfigException("-shiro_realm_modules=KERBEROS5_AUTHN: Kerberos is not available in this"
          + " build; use -shiro_realm_modules=INI_AUTHNZ with -http_authentication_mechanism=BASIC (over HTTPS)");
    }
    return switch (settings.mechanism()) {
      case NONE -> OPEN;
      case NEGOTIATE -> throw new SecurityConfigException("-http_authentication_mechanism=NEGOTIATE: Kerberos (SPNEGO)"
          + " is not available in this build; use -http_authentication_mechanism=BASIC with -shiro_ini_path (over"
          + " HTTPS, -https_port)");
      case BASIC -> {
        if (settings.iniPath() == null) {
          throw new SecurityConfigException("-http_authentication_mechanism=BASIC needs -shiro_ini_path: the"
              + " security.ini with the users, their passwords and their roles' permissions");
        }
        yield new IniAccess(SecurityIni.load(settings.iniPath()));
      }
    };
  }
}
