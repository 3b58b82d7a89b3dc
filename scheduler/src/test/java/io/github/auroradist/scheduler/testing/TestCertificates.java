package io.github.auroradist.scheduler.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A throwaway CA and a server certificate from it, made with the JDK's keytool, for tests of HTTPS. */
public final class TestCertificates {
  /** The password of every keystore made here. */
  public static final String PASSWORD = "storepass";

  private TestCertificates() {
  }

  /**
   * A CA ({@code ca.pem}), and a server key for localhost and 127.0.0.1 signed by it, in a PKCS12 keystore with the
   * chain (password {@code storepass}).
   */
  public static Path serverKeystore(Path dir) throws Exception {
    Path ca = dir.resolve("ca.p12");
    Path server = dir.resolve("server.p12");
    keytool(dir, "-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-dname", "CN=Test CA", "-ext",
        "bc:c", "-keyalg", "EC", "-validity", "2");
    keytool(dir, "-exportcert", "-rfc", "-keystore", ca.toString(), "-alias", "ca", "-file", "ca.pem");
    keytool(dir, "-genkeypair", "-keystore", server.toString(), "-alias", "server", "-dname", "CN=localhost",
        "-keyalg", "EC", "-validity", "2");
    keytool(dir, "-certreq", "-keystore", server.toString(), "-alias", "server", "-file", "server.csr");
    keytool(dir, "-gencert", "-keystore", ca.toString(), "-alias", "ca", "-infile", "server.csr", "-outfile",
        "server.pem", "-rfc", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2");
    keytool(dir, "-importcert", "-noprompt", "-keystore", server.toString(), "-alias", "ca", "-file", "ca.pem");
    keytool(dir, "-importcert", "-keystore", server.toString(), "-alias", "server", "-file", "server.pem");
    return server;
  }

  private static void keytool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }

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

}
