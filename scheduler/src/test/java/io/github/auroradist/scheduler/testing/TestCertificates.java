package io.github.auroradist.scheduler.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.auroradist.scheduler.storage.LogTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority made with {@code openssl} (EC P-256 keys: quick to make) that issues
 * certificates valid for 127.0.0.1 and localhost, for tests of TLS between real processes or peers: PEM files
 * for the replicated log, a PKCS12 keystore for the scheduler's HTTPS port.
 */
public final class TestCertificates {
  /** The password of every keystore made here. */
  public static final String PASSWORD = "storepass";

  private final Path dir;
  private final Path caCert;
  private final Path caKey;

  private TestCertificates(Path dir, Path caCert, Path caKey) {
    this.dir = dir;
    this.caCert = caCert;
    this.caKey = caKey;
  }

  /** A new CA in {@code dir/name}; skips the test where openssl is not installed. */
  public static TestCertificates newAuthority(Path dir, String name) throws IOException, InterruptedException {
    assumeTrue(hasOpenssl(), "openssl is needed to make test certificates");
    Path home = Files.createDirectories(dir.resolve(name));
    Path cert = home.resolve("ca.pem");
    Path key = home.resolve("ca.key");
    openssl(home, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return new TestCertificates(home, cert, key);
  }

  public Path caCert() {
    return caCert;
  }

  /** A key (PEM PKCS#8) and a certificate signed by this CA for {@code name}, as log TLS takes them. */
  public LogTls issue(String name) throws IOException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".pem");
    Path ext = Files.writeString(dir.resolve(name + ".ext"), """
        basicConstraints=CA:FALSE
        keyUsage=critical,digitalSignature,keyEncipherment
        extendedKeyUsage=serverAuth,clientAuth
        subjectAltName=IP:127.0.0.1,DNS:localhost
        """, StandardCharsets.US_ASCII);
    openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
    return new LogTls(cert, key, caCert);
  }

  /**
   * A CA ({@code dir/ca.pem}) and a PKCS12 keystore (returned; password {@link #PASSWORD}) with a key for localhost
   * and 127.0.0.1 and its certificate chain from that CA, as the scheduler's -https_keystore_path takes it.
   */
  public static Path serverKeystore(Path dir) throws IOException, InterruptedException {
    TestCertificates ca = newAuthority(dir, "https-ca");
    LogTls server = ca.issue("https-server");
    Files.copy(ca.caCert(), dir.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
    Path keystore = dir.resolve("server.p12");
    openssl(dir, "pkcs12", "-export", "-in", server.cert().toString(), "-inkey", server.key().toString(),
        "-certfile", ca.caCert().toString(), "-name", "server", "-out", keystore.toString(),
        "-passout", "pass:" + PASSWORD);
    return keystore;
  }

  /** A client TLS context that trusts only the CA in {@code caPem}. */
  public static SSLContext trusting(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static boolean hasOpenssl() {
    try {
      return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void openssl(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
    }
  }
}
