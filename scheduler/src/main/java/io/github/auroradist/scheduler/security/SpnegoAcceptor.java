package io.github.auroradist.scheduler.security;

import io.github.auroradist.common.kerberos.Krb5Login;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * The scheduler's side of SPNEGO through the JDK's GSS-API: the service principal's keys come from its keytab at
 * start, and each {@code Negotiate} token is accepted on its own. Kerberos V5 needs one message from the client
 * (the AP-REQ), so no state is kept between requests.
 */
final class SpnegoAcceptor {
  private final GSSManager manager = GSSManager.getInstance();
  private final GSSCredential credential;
  private final String realm;

  /**
   * Logs in as {@code principal} from {@code keytab}, checking both first so that each mistake names its flag.
   *
   * @throws SecurityConfigException the principal, the keytab or the login is wrong (exit 78)
   */
  SpnegoAcceptor(String principal, Path keytab, boolean debug) {
    if (principal == null || principal.isBlank()) {
      throw new SecurityConfigException("-http_authentication_mechanism=NEGOTIATE needs -kerberos_server_principal:"
          + " the scheduler's service principal, HTTP/<the host name clients use>@<REALM>");
    }
    if (keytab == null) {
      throw new SecurityConfigException("-http_authentication_mechanism=NEGOTIATE needs -kerberos_server_keytab: the"
          + " keytab with the keys of -kerberos_server_principal=" + principal + " (kadmin: ktadd -k FILE "
          + principal + ")");
    }
    KerberosPrincipal name;
    try {
      name = new KerberosPrincipal(principal, KerberosPrincipal.KRB_NT_PRINCIPAL);
    } catch (IllegalArgumentException e) {
      throw new SecurityConfigException("-kerberos_server_principal=" + principal + " is not a Kerberos principal ("
          + e.getMessage() + "); write it in full, e.g. HTTP/scheduler.example.com@EXAMPLE.COM", e);
    }
    if (!principal.contains("@")) {
      throw new SecurityConfigException("-kerberos_server_principal=" + principal + " has no realm; write it in full,"
          + " e.g. " + principal + "@" + name.getRealm());
    }
    if (!Files.isRegularFile(keytab) || !Files.isReadable(keytab)) {
      throw new SecurityConfigException("-kerberos_server_keytab=" + keytab + ": "
          + (Files.exists(keytab) ? "cannot be read by this user; let the scheduler's user (aurora) read it"
          : "no such file") + " (kadmin: ktadd -k " + keytab + " " + principal + " makes it)");
    }
    KerberosKey[] keys = KeyTab.getInstance(name, keytab.toFile()).getKeys(name);
    if (keys.length == 0) {
      throw new SecurityConfigException("-kerberos_server_keytab=" + keytab + " holds no key of"
          + " -kerberos_server_principal=" + principal + " (or is not a keytab); 'klist -k " + keytab + "' lists the"
          + " principals it has, 'kadmin: ktadd -k " + keytab + " " + principal + "' adds the key");
    }
    this.realm = name.getRealm();
    try {
      Subject subject = Krb5Login.login(Map.of("useKeyTab", "true", "keyTab", keytab.toString(), "principal",
          principal, "storeKey", "true", "isInitiator", "false", "refreshKrb5Config", "true", "debug",
          Boolean.toString(debug)));
      this.credential = Krb5Login.as(subject, () -> manager.createCredential(
          manager.createName(principal, Krb5Login.KRB5_PRINCIPAL_NAME), GSSCredential.INDEFINITE_LIFETIME,
          new Oid[] {Krb5Login.SPNEGO, Krb5Login.KRB5}, GSSCredential.ACCEPT_ONLY));
    } catch (LoginException | GSSException e) {
      throw new SecurityConfigException("-kerberos_server_principal=" + principal + " with -kerberos_server_keytab="
          + keytab + ": the Kerberos login failed (" + e.getMessage() + "); -kerberos_debug=true prints why", e);
    }
  }

  /** The realm of the scheduler's own principal. */
  String realm() {
    return realm;
  }

  /**
   * The client principal ({@code alice@EXAMPLE.COM}) that made {@code token}.
   *
   * @throws GSSException the token is not one this service can accept (wrong service, expired, replayed, not Kerberos)
   */
  String accept(byte[] token) throws GSSException {
    GSSContext context = manager.createContext(credential);
    try {
      context.acceptSecContext(token, 0, token.length);
      if (!context.isEstablished()) {
        throw new GSSException(GSSException.DEFECTIVE_TOKEN, 0, "the token does not establish a context in one"
            + " message; this scheduler accepts Kerberos V5 tokens (SPNEGO or raw), not NTLM");
      }
      return context.getSrcName().toString();
    } finally {
      context.dispose();
    }
  }
}
