package io.github.auroradist.packaging.repository;

import io.github.auroradist.packaging.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A yum/dnf repository: the rpms signed with rpmsign, createrepo_c's repodata/, and
 * repodata/repomd.xml.asc for repo_gpgcheck; RPM-GPG-KEY-aurora is the public key to import.
 * The rpms in target/packages stay unsigned (and reproducible); the repository holds signed copies.
 */
public final class YumRepository {
  public static final String PUBLIC_KEY = "RPM-GPG-KEY-aurora";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private YumRepository() {}

  public static Path write(List<Path> rpms, Path dir, Gpg gpg) throws IOException, InterruptedException {
    Path packages = Files.createDirectories(dir.resolve("Packages"));
    List<String> sign = new ArrayList<>(List.of("rpmsign", "--addsign"));
    sign.addAll(gpg.rpmsignDefines());
    for (Path rpm : rpms) {
      Path copy = packages.resolve(rpm.getFileName());
      Files.copy(rpm, copy, StandardCopyOption.REPLACE_EXISTING);
      sign.add(copy.toString());
    }
    Processes.check(sign, TIMEOUT);
    Processes.check(List.of("createrepo_c", "--quiet", "--update", dir.toString()), TIMEOUT);
    gpg.detachSign(dir.resolve("repodata/repomd.xml"), dir.resolve("repodata/repomd.xml.asc"));
    gpg.exportPublicKey(dir.resolve(PUBLIC_KEY), true);
    return dir;
  }
}
