package io.github.auroradist.scheduler.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * TLS with mutual authentication between the log peers: each peer presents {@code cert} (PEM, its certificate
 * chain) with {@code key} (PEM, PKCS#8) and accepts only peers whose certificate {@code ca} (PEM) signed, both as
 * server and as client. A machine without such a certificate can neither join the log nor read it.
 */
public record LogTls(Path cert, Path key, Path ca) {
  public static final String CERT_FLAG = "-native_log_tls_cert_path";
  public static final String KEY_FLAG = "-native_log_tls_key_path";
  public static final String CA_FLAG = "-native_log_tls_ca_path";

  /**
   * TLS from the three flags' values, or none when none is given.
   *
   * @throws IllegalArgumentException when only some are given, naming the missing ones, or a file cannot be read
   */
  public static Optional<LogTls> of(Path cert, Path key, Path ca) {
    if (cert == null && key == null && ca == null) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    if (cert == null) {
      missing.add(CERT_FLAG);
    }
    if (key == null) {
      missing.add(KEY_FLAG);
    }
    if (ca == null) {
      missing.add(CA_FLAG);
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("TLS on the replicated log needs all of " + CERT_FLAG + ", " + KEY_FLAG
          + " and " + CA_FLAG + "; missing " + String.join(" and ", missing) + " (or give none of them for a"
          + " log without TLS)");
    }
    requireReadable(cert, CERT_FLAG);
    requireReadable(key, KEY_FLAG);
    requireReadable(ca, CA_FLAG);
    return Optional.of(new LogTls(cert, key, ca));
  }

  private static void requireReadable(Path file, String flag) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(flag + "=" + file + " is not a readable file; give the path of a PEM file"
          + " the scheduler's user can read");
    }
  }

  /** The same files as Ratis' gRPC transport takes them, mutual authentication on. */
  GrpcTlsConfig toRatis() {
    return new GrpcTlsConfig(key.toFile(), cert.toFile(), ca.toFile(), true);
  }
}
