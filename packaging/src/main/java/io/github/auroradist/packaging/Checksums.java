package io.github.auroradist.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of files, for the formula, the repository indexes and the tests. */
public final class Checksums {
  private Checksums() {}

  public static String sha256(Path file) throws IOException {
    return hex("SHA-256", file);
  }

  /** The hex digest of a file by a JDK MessageDigest algorithm: MD5, SHA-1, SHA-256. */
  public static String hex(String algorithm, Path file) throws IOException {
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance(algorithm))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }
}
