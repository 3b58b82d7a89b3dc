package io.github.auroradist.client.security;

import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.clusters.ClusterConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the client proves who it is to a cluster's schedulers ({@code auth_mechanism} in clusters.json) and which
 * certificates it trusts for {@code https} ones (the JDK's trust store plus {@code ca_file}).
 */
public final class ClusterSecurity {
  /** clusters.json's {@code auth_mechanism} values, Aurora's names. */
  public enum Mechanism { UNAUTHENTICATED, BASIC, KERBEROS }

  /**
   * What the client sends one scheduler host, and what to tell the user when the scheduler refuses it.
   *
   * @param authorization the {@code Authorization} header, or null to send none
   * @param tried which credentials were sent, for messages (never the password)
   * @param fix what to do when the scheduler says credentials are missing or wrong (401)
   */
  public record Credentials(String authorization, String tried, String fix) {
    public Optional<String> header() {
      return Optional.ofNullable(authorization);
    }
  }

  private final String cluster;
  private final Mechanism mechanism;
  private final Netrc netrc;
  private final SSLContext tls;
  private final String caFile;

  private ClusterSecurity(String cluster, Mechanism mechanism, Netrc netrc, SSLContext tls, String caFile) {
    this.cluster = cluster;
    this.mechanism = mechanism;
    this.netrc = netrc;
    this.tls = tls;
    this.caFile = caFile;
  }

  /**
   * The cluster's settings, reading {@code netrcFile} when the mechanism is BASIC.
   *
   * @throws ClusterConfigException an unknown mechanism or an unusable {@code ca_file}
   * @throws AuthException KERBEROS, or a {@code .netrc} that cannot be read
   */
  public static ClusterSecurity of(Cluster cluster, Path netrcFile) throws ClusterConfigException, AuthException {
    Mechanism mechanism = mechanism(cluster);
    if (mechanism == Mechanism.KERBEROS) {
      throw new AuthException("cluster '" + cluster.name() + "' has \"auth_mechanism\": \"KERBEROS\" in"
          + " clusters.json, but Kerberos (SPNEGO) is not available in this build of the client; use"
          + " \"auth_mechanism\": \"BASIC\" with your user and password in ~/.netrc (the scheduler then needs"
          + " -http_authentication_mechanism=BASIC); see docs/security.md", null);
    }
    Netrc netrc = mechanism == Mechanism.BASIC ? Netrc.read(netrcFile) : null;
    SSLContext tls = TrustedCertificates.context(cluster);
    return new ClusterSecurity(cluster.name(), mechanism, netrc, tls, cluster.caFile());
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
    if (mechanism == Mechanism.UNAUTHENTICATED) {
      return new Credentials(null, "none (cluster '" + cluster + "' has auth_mechanism UNAUTHENTICATED in"
          + " clusters.json)", "set \"auth_mechanism\": \"BASIC\" for cluster '" + cluster + "' in clusters.json and"
          + " put 'machine " + host + " login USER password PASSWORD' in ~/.netrc");
    }
    String addLine = "add 'machine " + host + " login USER password PASSWORD' to " + netrc.file()
        + " (or name another file in $" + Netrc.VARIABLE + ")";
    Optional<Netrc.Entry> entry = netrc.find(host);
    if (entry.isEmpty()) {
      return new Credentials(null, "none: auth_mechanism BASIC, but " + netrc.file() + " has no entry for machine '"
          + host + "' and no default entry", addLine);
    }
    Netrc.Entry e = entry.get();
    String where = netrc.file() + (e.machine() == null ? " (its default entry; no machine '" + host + "')"
        : " (machine '" + e.machine() + "')");
    if (e.login() == null || e.password() == null) {
      return new Credentials(null, "none: auth_mechanism BASIC, but the entry in " + where + " has no "
          + (e.login() == null ? "login" : "password"), addLine);
    }
    String token = Base64.getEncoder().encodeToString((e.login() + ":" + e.password())
        .getBytes(StandardCharsets.UTF_8));
    return new Credentials("Basic " + token, "auth_mechanism BASIC, user '" + e.login() + "' from " + where,
        "check the login and password in " + where);
  }
}
