package io.github.auroradist.client.security;

import io.github.auroradist.common.kerberos.Krb5Login;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;

/**
 * The user's Kerberos tickets as {@code kinit} left them: the file cache {@code KRB5CCNAME} names, else the default
 * {@code /tmp/krb5cc_<uid>}, read through the JDK's Krb5LoginModule (never prompting). Each write gets a SPNEGO token
 * of its own for the scheduler's service {@code HTTP@<host>} (RFC 4559); reads carry none, as the scheduler's reads are
 * open.
 */
final class KerberosTickets {
  static final String CACHE_VARIABLE = "KRB5CCNAME";
  static final String CONFIG_VARIABLE = "KRB5_CONFIG";
  private static final String FILE_PREFIX = "FILE:";

  private final String cluster;
  private final Path cache;
  private Subject subject;
  private String principal;

  private KerberosTickets(String cluster, Path cache) {
    this.cluster = cluster;
    this.cache = cache;
  }

  /**
   * The ticket cache the environment names; the login happens at the first write.
   *
   * @throws AuthException {@code KRB5CCNAME} names a cache type the JDK cannot read
   */
  static KerberosTickets of(String cluster, Map<String, String> environment) throws AuthException {
    String config = environment.get(CONFIG_VARIABLE);
    if (config != null && !config.isBlank() && System.getProperty("java.security.krb5.conf") == null) {
      // kinit reads KRB5_CONFIG; the JDK reads its own property: the same krb5.conf for both.
      for (String file : config.split(":", -1)) {
        if (!file.isBlank() && Files.isRegularFile(Path.of(file))) {
          System.setProperty("java.security.krb5.conf", file);
          break;
        }
      }
    }
    String named = environment.get(CACHE_VARIABLE);
    if (named == null || named.isBlank()) {
      return new KerberosTickets(cluster, Path.of("/tmp", "krb5cc_" + uid()));
    }
    if (named.startsWith(FILE_PREFIX)) {
      return new KerberosTickets(cluster, Path.of(named.substring(FILE_PREFIX.length())));
    }
    if (named.startsWith("/")) {
      return new KerberosTickets(cluster, Path.of(named));
    }
    throw new AuthException(CACHE_VARIABLE + "=" + named + ": the client reads Kerberos tickets from a file cache"
        + " only; run 'kinit -c FILE:/tmp/krb5cc_" + uid() + "' and 'export " + CACHE_VARIABLE + "=FILE:/tmp/krb5cc_"
        + uid() + "' (cluster '" + cluster + "' has auth_mechanism KERBEROS)", null);
  }

  private static long uid() {
    return new com.sun.security.auth.module.UnixSystem().getUid();
  }

  /** The principal of the cache's ticket, once a write logged in. */
  Optional<String> principal() {
    return Optional.ofNullable(principal);
  }

  String cacheName() {
    return FILE_PREFIX + cache;
  }

  /** A fresh {@code Negotiate} header for the service {@code HTTP@host}. */
  synchronized String negotiate(String host) throws AuthException {
    if (subject == null) {
      login();
    }
    try {
      byte[] token = Krb5Login.as(subject, () -> {
        GSSManager manager = GSSManager.getInstance();
        GSSContext context = manager.createContext(manager.createName("HTTP@" + host,
            GSSName.NT_HOSTBASED_SERVICE), Krb5Login.SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
        try {
          // One message, so that the scheduler keeps no state between requests.
          context.requestMutualAuth(false);
          return context.initSecContext(new byte[0], 0, 0);
        } finally {
          context.dispose();
        }
      });
      return "Negotiate " + Base64.getEncoder().encodeToString(token);
    } catch (GSSException e) {
      throw new AuthException("cannot get a Kerberos service ticket for HTTP@" + host + " as " + principal + ": "
          + e.getMessage() + "; the scheduler's principal (-kerberos_server_principal) must be HTTP/" + host
          + "@<REALM>, registered in your realm's KDC, with " + host + " the scheduler's host name as clusters.json"
          + " or the serverset give it", e);
    }
  }

  private void login() throws AuthException {
    try {
      subject = Krb5Login.login(Map.of("useTicketCache", "true", "ticketCache", cache.toString(), "renewTGT",
          "false", "refreshKrb5Config", "true"));
    } catch (LoginException e) {
      throw new AuthException("no Kerberos ticket was found in the ticket cache " + cacheName()
          + (Files.exists(cache) ? " (its ticket has expired or cannot be read)" : " (no such file)") + ": run"
          + " kinit (e.g. 'kinit alice@EXAMPLE.COM') and try again; cluster '" + cluster + "' has auth_mechanism"
          + " KERBEROS in clusters.json (the ticket cache is $" + CACHE_VARIABLE + ", else /tmp/krb5cc_<uid>; 'klist'"
          + " shows it)", e);
    }
    principal = subject.getPrincipals(KerberosPrincipal.class).stream().findFirst().map(KerberosPrincipal::getName)
        .orElse("?");
  }
}
