package io.github.auroradist.client.security;

import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.clusters.ClusterConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the client proves who it is to a cluster's schedulers ({@code auth_mechanism} in clusters.json) and which
 * certificates it trusts for {@code https} ones (the JDK's trust store plus {@code ca_file}).
 */
public final class ClusterSecurity {
  /** clusters.json's {@code auth_mechanism} values, Aurora's names. */
  public enum Mechanism { UNAUTHENTICATED, BASIC, KERBEROS }

  /** What the client sends one scheduler host, and what to tell the user when the scheduler refuses it. */
  public interface Credentials {
    /**
     * The {@code Authorization} header of one request, or empty to send none.
     *
     * @param write whether the request writes (POST, PUT, DELETE), the requests the scheduler authenticates
     * @throws AuthException the credentials cannot be made (no Kerberos ticket)
     */
    Optional<String> authorization(boolean write) throws AuthException;

    /** Which credentials were sent, for messages (never the password). */
    String tried();

    /** What to do when the scheduler says credentials are missing or wrong (401). */
    String fix();
  }

  /** The same header, or none, on every request (UNAUTHENTICATED, BASIC). */
  private record Fixed(String header, String tried, String fix) implements Credentials {
    @Override
    public Optional<String> authorization(boolean write) {
      return Optional.ofNullable(header);
    }
  }

  /** A SPNEGO token of the user's ticket for {@code HTTP@host} on each write. */
  private record Kerberos(KerberosTickets tickets, String host) implements Credentials {
    @Override
    public Optional<String> authorization(boolean write) throws AuthException {
      return write ? Optional.of(tickets.negotiate(host)) : Optional.empty();
    }

    @Override
    public String tried() {
      return "auth_mechanism KERBEROS, " + tickets.principal().map(p -> "principal '" + p + "'")
          .orElse("no principal yet") + " from ticket cache " + tickets.cacheName() + " for the service HTTP@" + host;
    }

    @Override
    public String fix() {
      return "check that the scheduler runs with -kerberos_server_principal=HTTP/" + host + "@<REALM> and a current"
          + " keytab of it, and that your ticket is of that realm ('klist'; 'kinit' gets a new one)";
    }
  }

  private final String cluster;
  private final Mechanism mechanism;
  private final Netrc netrc;
  private final KerberosTickets tickets;
  private final SSLContext tls;
  private final String caFile;

  private ClusterSecurity(String cluster, Mechanism mechanism, Netrc netrc, KerberosTickets tickets, SSLContext tls,
      String caFile) {
    this.cluster = cluster;
    this.mechanism = mechanism;
    this.netrc = netrc;
    this.tickets = tickets;
    this.tls = tls;
    this.caFile = caFile;
  }

  /**
   * The cluster's settings, reading {@code netrcFile} when the mechanism is BASIC; with KERBEROS the ticket cache is
   * {@code KRB5CCNAME} of {@code environment} (else the default) and the krb5.conf its {@code KRB5_CONFIG}.
   *
   * @throws ClusterConfigException an unknown mechanism or an unusable {@code ca_file}
   * @throws AuthException a {@code .netrc} that cannot be read, a ticket cache the client cannot read
   */
  public static ClusterSecurity of(Cluster cluster, Path netrcFile, Map<String, String> environment)
      throws ClusterConfigException, AuthException {
    Mechanism mechanism = mechanism(cluster);
    Netrc netrc = mechanism == Mechanism.BASIC ? Netrc.read(netrcFile) : null;
    KerberosTickets tickets = mechanism == Mechanism.KERBEROS ? KerberosTickets.of(cluster.name(), environment) : null;
    SSLContext tls = TrustedCertificates.context(cluster);
    return new ClusterSecurity(cluster.name(), mechanism, netrc, tickets, tls, cluster.caFile());
  }

  private static Mechanism mechanism(Cluster cluster) throws ClusterConfigException {
    String name = cluster.authMechanism() == null ? Cluster.DEFAULT_AUTH_MECHANISM : cluster.authMechanism();
    try {
      return Mechanism.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ClusterConfigException("cluster '" + cluster.name() + "' in clusters.json has \"auth_mechanism\": \""
          + name + "\"; use one of " + Arrays.toString(Mechanism.values()), e);
    }
  }

  public Mechanism mechanism() {
    return mechanism;
  }

  /** Trusts the JDK's default certificates plus the cluster's {@code ca_file}. */
  public SSLContext tls() {
    return tls;
  }

  /** What to do when the TLS handshake with {@code host} fails, for the error message. */
  public String tlsFix(String host) {
    return caFile == null
        ? "if the scheduler's certificate is signed by your own CA, name that CA's PEM file as \"ca_file\" for"
            + " cluster '" + cluster + "' in clusters.json"
        : "check that " + caFile + " (\"ca_file\" of cluster '" + cluster + "' in clusters.json) holds the CA that"
            + " signed the scheduler's certificate, and that the certificate names " + host;
  }

  /** What to send the scheduler at {@code host}. */
  public Credentials forHost(String host) {
    if (mechanism == Mechanism.KERBEROS) {
      return new Kerberos(tickets, host);
    }
    if (mechanism == Mechanism.UNAUTHENTICATED) {
      return new Fixed(null, "none (cluster '" + cluster + "' has auth_mechanism UNAUTHENTICATED in"
          + " clusters.json)", "set \"auth_mechanism\": \"BASIC\" for cluster '" + cluster + "' in clusters.json and"
          + " put 'machine " + host + " login USER password PASSWORD' in ~/.netrc");
    }
    String addLine = "add 'machine " + host + " login USER password PASSWORD' to " + netrc.file()
        + " (or name another file in $" + Netrc.VARIABLE + ")";
    Optional<Netrc.Entry> entry = netrc.find(host);
    if (entry.isEmpty()) {
      return new Fixed(null, "none: auth_mechanism BASIC, but " + netrc.file() + " has no entry for machine '"
          + host + "' and no default entry", addLine);
    }
    Netrc.Entry e = entry.get();
    String where = netrc.file() + (e.machine() == null ? " (its default entry; no machine '" + host + "')"
        : " (machine '" + e.machine() + "')");
    if (e.login() == null || e.password() == null) {
      return new Fixed(null, "none: auth_mechanism BASIC, but the entry in " + where + " has no "
          + (e.login() == null ? "login" : "password"), addLine);
    }
    String token = Base64.getEncoder().encodeToString((e.login() + ":" + e.password())
        .getBytes(StandardCharsets.UTF_8));
    return new Fixed("Basic " + token, "auth_mechanism BASIC, user '" + e.login() + "' from " + where,
        "check the login and password in " + where);
  }
}
