package io.github.auroradist.scheduler.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * HTTPS beside plain HTTP: {@code -https_port}, {@code -https_keystore_path} (PKCS12),
 * {@code -https_keystore_password_file} and {@code -http_redirect_to_https}.
 *
 * @param port the HTTPS port, 0 when HTTPS is off
 * @param keystorePassword the keystore's password (never printed)
 */
public record HttpsSettings(int port, Path keystorePath, String keystorePassword, boolean redirectHttp) {
  public static final HttpsSettings OFF = new HttpsSettings(0, null, null, false);

  public boolean enabled() {
    return port > 0;
  }

  @Override
  public String toString() {
    return enabled() ? "HTTPS on port " + port + " with " + keystorePath + (redirectHttp ? ", HTTP redirected" : "")
        : "no HTTPS";
  }

  /** The settings of the flags, checked: the keystore must open with the password and hold a key. */
  public static HttpsSettings of(int port, Path keystore, Path passwordFile, boolean redirect) {
    if (port < 0 || port > 65535) {
      throw new SecurityConfigException("-https_port=" + port + " is out of range 0-65535 (0: no HTTPS)");
    }
    if (port == 0) {
      if (redirect) {
        throw new SecurityConfigException("-http_redirect_to_https=true needs -https_port (and its keystore)");
      }
      if (keystore != null || passwordFile != null) {
        throw new SecurityConfigException("-https_keystore_path and -https_keystore_password_file need -https_port;"
            + " give the port HTTPS listens on");
      }
      return OFF;
    }
    if (keystore == null || passwordFile == null) {
      throw new SecurityConfigException("-https_port needs -https_keystore_path (a PKCS12 keystore with the server's"
          + " key and certificate chain) and -https_keystore_password_file");
    }
    String password;
    try {
      password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    } catch (IOException e) {
      throw new SecurityConfigException("-https_keystore_password_file=" + passwordFile + ": cannot read it (" + e
          + ")", e);
    }
    KeyStore store;
    try (InputStream in = Files.newInputStream(keystore)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new SecurityConfigException("-https_keystore_path=" + keystore + ": cannot open it as a PKCS12 keystore"
          + " with the password of -https_keystore_password_file (" + e.getMessage() + "); make one with keytool"
          + " -genkeypair -storetype PKCS12 or openssl pkcs12 -export (see docs/security.md)", e);
    }
    try {
      boolean hasKey = false;
      for (String alias : Collections.list(store.aliases())) {
        hasKey |= store.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new SecurityConfigException("-https_keystore_path=" + keystore + " holds no private key; it needs the"
            + " server's key with its certificate chain");
      }
    } catch (GeneralSecurityException e) {
      throw new SecurityConfigException("-https_keystore_path=" + keystore + ": " + e.getMessage(), e);
    }
    return new HttpsSettings(port, keystore, password, redirect);
  }
}
