package io.github.auroradist.client.security;

import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.clusters.ClusterConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The certificates an {@code https} scheduler may be signed by: the JDK's default ones plus {@code ca_file}. */
final class TrustedCertificates {
  private TrustedCertificates() {}

  static SSLContext context(Cluster cluster) throws ClusterConfigException {
    try {
      if (cluster.caFile() == null) {
        return SSLContext.getDefault();
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (X509Certificate jdk : defaultTrustManager().getAcceptedIssuers()) {
        trusted.setCertificateEntry("jdk-" + n++, jdk);
      }
      n = 0;
      for (Certificate ca : read(cluster)) {
        trusted.setCertificateEntry("ca-file-" + n++, ca);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("this JVM cannot set up TLS: " + e, e);
    }
  }

  private static Collection<? extends Certificate> read(Cluster cluster) throws ClusterConfigException {
    Path file = Path.of(cluster.caFile());
    String where = file + " (\"ca_file\" of cluster '" + cluster.name() + "' in clusters.json)";
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new ClusterConfigException("cannot read " + where + ": " + e, e);
    } catch (CertificateException e) {
      throw new ClusterConfigException(where + " is not a PEM file of certificates (-----BEGIN CERTIFICATE-----"
          + " ...): " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new ClusterConfigException(where + " holds no certificate; give the PEM file of the CA that signed"
          + " the scheduler's certificate");
    }
    return certificates;
  }

  private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("the JDK has no X.509 trust manager");
  }
}
