package io.github.auroradist.packaging.repository;

import io.github.auroradist.packaging.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A signed apt repository of architecture-independent packages, in Debian's layout:
 * pool/main/a/NAME/*.deb, dists/stable/main/binary-all/Packages(.gz), and Release with its
 * signatures InRelease and Release.gpg. apt reads it with a sources entry whose Signed-By names
 * the exported public key (aurora-archive-keyring.gpg beside dists/).
 */
public final class AptRepository {
  public static final String SUITE = "stable";
  public static final String COMPONENT = "main";
  public static final String KEYRING = "aurora-archive-keyring.gpg";
  private static final String INDEX_DIR = "main/binary-all";
  private static final DateTimeFormatter RELEASE_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private AptRepository() {}

  /** Writes the repository into {@code dir}; {@code date} is the Release's Date (apt refuses one in the future). */
  public static Path write(List<Path> debs, Path dir, Instant date, Gpg gpg) throws IOException, InterruptedException {
    Path dists = dir.resolve("dists").resolve(SUITE);
    Files.createDirectories(dists.resolve(INDEX_DIR));
    StringBuilder packages = new StringBuilder();
    for (Path deb : debs.stream().sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
      String control = controlOf(deb);
      String name = field(control, "Package", deb);
      String poolPath = "pool/" + COMPONENT + "/" + name.charAt(0) + "/" + name + "/" + deb.getFileName();
      Path pooled = dir.resolve(poolPath);
      Files.createDirectories(pooled.getParent());
      Files.copy(deb, pooled, StandardCopyOption.REPLACE_EXISTING);
      packages.append(control.strip()).append('\n')
          .append("Filename: ").append(poolPath).append('\n')
          .append("Size: ").append(Files.size(deb)).append('\n')
          .append("MD5sum: ").append(Checksums.hex("MD5", deb)).append('\n')
          .append("SHA256: ").append(Checksums.sha256(deb)).append("\n\n");
    }
    Path index = Files.writeString(dists.resolve(INDEX_DIR).resolve("Packages"), packages);
    Path gz = dists.resolve(INDEX_DIR).resolve("Packages.gz");
    // GZIPOutputStream writes no file name and a zero time, so equal indexes give equal files.
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(index, out);
    }
    Path release = Files.writeString(dists.resolve("Release"), release(dists, List.of(index, gz), date));
    gpg.clearSign(release, dists.resolve("InRelease"));
    gpg.detachSign(release, dists.resolve("Release.gpg"));
    gpg.exportPublicKey(dir.resolve(KEYRING), false);
    return dir;
  }

  private static String release(Path dists, List<Path> indexes, Instant date) throws IOException {
    StringBuilder md5 = new StringBuilder("MD5Sum:\n");
    StringBuilder sha256 = new StringBuilder("SHA256:\n");
    for (Path index : indexes) {
      String rel = dists.relativize(index).toString();
      long size = Files.size(index);
      md5.append(' ').append(Checksums.hex("MD5", index)).append(' ').append(size).append(' ').append(rel).append('\n');
      sha256.append(' ').append(Checksums.sha256(index)).append(' ').append(size).append(' ').append(rel).append('\n');
    }
    return "Origin: Aurora\n"
        + "Label: Aurora\n"
        + "Suite: " + SUITE + "\n"
        + "Codename: " + SUITE + "\n"
        + "Date: " + RELEASE_DATE.format(date) + "\n"
        + "Architectures: all\n"
        + "Components: " + COMPONENT + "\n"
        + "Description: Aurora distribution packages\n"
        + md5 + sha256;
  }

  /** The control file of a .deb: an ar archive whose control.tar.* member holds ./control. */
  static String controlOf(Path deb) throws IOException {
    try (ArArchiveInputStream ar = new ArArchiveInputStream(Files.newInputStream(deb))) {
      for (ArArchiveEntry e = ar.getNextEntry(); e != null; e = ar.getNextEntry()) {
        if (e.getName().equals("control.tar.gz")) {
          return controlFromTar(new GZIPInputStream(ar), deb);
        }
        if (e.getName().startsWith("control.tar")) {
          throw new IOException(deb + " has " + e.getName() + "; only gzip-compressed control members are read");
        }
      }
    }
    throw new IOException(deb + " has no control.tar.gz member: is it a Debian package?");
  }

  private static String controlFromTar(InputStream in, Path deb) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
      if (e.getName().equals("./control") || e.getName().equals("control")) {
        return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    throw new IOException(deb + "'s control.tar.gz has no control file");
  }

  private static String field(String control, String name, Path deb) throws IOException {
    return control.lines().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2).strip())
        .findFirst().orElseThrow(() -> new IOException(deb + "'s control file has no " + name + " field"));
  }
}
