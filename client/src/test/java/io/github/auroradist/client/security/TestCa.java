package io.github.auroradist.client.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway CA made by the JDK's {@code keytool}, as an operator (or bin/devcluster --secure) makes one: the CA's
 * certificate as PEM, and a PKCS12 keystore for a server on 127.0.0.1/localhost signed by it.
 */
public record TestCa(Path caPem, Path serverKeystore, String password) {
  /** Makes the CA and the server keystore in {@code dir}. */
  public static TestCa make(Path dir) throws IOException, InterruptedException {
    String pw = "test-password";
    Path ca = dir.resolve("ca.p12");
    Path caPem = dir.resolve("ca.pem");
    Path server = dir.resolve("server.p12");
    Path csr = dir.resolve("server.csr");
    Path signed = dir.resolve("server.pem");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Aurora test CA",
        "-ext", "bc:c", "-validity", "3650", "-keystore", ca, "-storetype", "PKCS12", "-storepass", pw);
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", pw, "-file", caPem);
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-validity", "3650", "-keystore", server, "-storetype", "PKCS12", "-storepass", pw);
    keytool("-certreq", "-alias", "server", "-keystore", server, "-storepass", pw, "-file", csr);
    keytool("-gencert", "-alias", "ca", "-keystore", ca, "-storepass", pw, "-infile", csr, "-outfile", signed, "-rfc",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth", "-validity", "3650");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem, "-keystore", server, "-storepass", pw);
    keytool("-importcert", "-alias", "server", "-file", signed, "-keystore", server, "-storepass", pw);
    return new TestCa(caPem, server, pw);
  }

  /** A server's TLS context with the keystore's key and certificate chain. */
  public SSLContext serverContext() throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(serverKeystore)) {
      keys.load(in, password.toCharArray());
    }
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, password.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), null, null);
    return context;
  }

  private static void keytool(Object... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    for (Object a : args) {
      command.add(a.toString());
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + command + "\n" + output);
    }
  }
}
