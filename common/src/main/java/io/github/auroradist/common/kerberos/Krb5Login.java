package io.github.auroradist.common.kerberos;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;

/**
 * A Kerberos login through the JDK's own Krb5LoginModule, configured here rather than in a JAAS file, so that neither
 * the scheduler nor the client needs {@code -Djava.security.auth.login.config}.
 */
public final class Krb5Login {
  /** The GSS-API mechanism of SPNEGO (RFC 4178), what HTTP's {@code Negotiate} carries. */
  public static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
  /** The GSS-API mechanism of Kerberos V5 (RFC 1964). */
  public static final Oid KRB5 = oid("1.2.840.113554.1.2.2");
  /** The name type of a Kerberos principal such as {@code HTTP/host@REALM}. */
  public static final Oid KRB5_PRINCIPAL_NAME = oid("1.2.840.113554.1.2.2.1");

  private static final String MODULE = "com.sun.security.auth.module.Krb5LoginModule";

  private Krb5Login() {
  }

  /**
   * Logs in with Krb5LoginModule and these of its options (e.g. {@code useKeyTab}, {@code keyTab},
   * {@code principal}, {@code useTicketCache}, {@code ticketCache}); never prompts.
   */
  public static Subject login(Map<String, String> options) throws LoginException {
    Map<String, String> all = new java.util.HashMap<>(options);
    all.put("doNotPrompt", "true");
    AppConfigurationEntry entry = new AppConfigurationEntry(MODULE,
        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, all);
    Configuration configuration = new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {entry};
      }
    };
    LoginContext context = new LoginContext("aurora-kerberos", new Subject(), callbacks -> {
      throw new javax.security.auth.callback.UnsupportedCallbackException(callbacks[0], "no prompts");
    }, configuration);
    context.login();
    return context.getSubject();
  }

  /** A GSS-API step that needs the Kerberos credentials of {@code subject}. */
  @FunctionalInterface
  public interface GssAction<T> {
    T run() throws GSSException;
  }

  /** Runs {@code action} with {@code subject}'s tickets or keys (the JDK's GSS-API finds them there). */
  public static <T> T as(Subject subject, GssAction<T> action) throws GSSException {
    try {
      return Subject.doAs(subject, (PrivilegedExceptionAction<T>) action::run);
    } catch (PrivilegedActionException e) {
      if (e.getException() instanceof GSSException gss) {
        throw gss;
      }
      throw new IllegalStateException(e.getException());
    }
  }

  private static Oid oid(String dotted) {
    try {
      return new Oid(dotted);
    } catch (GSSException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
