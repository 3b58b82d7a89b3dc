package io.github.auroradist.packaging.repository;

import io.github.auroradist.packaging.FileTrees;
import io.github.auroradist.packaging.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes target/repo/apt and target/repo/yum from the packages in target/packages, signed with the
 * release key from the environment or the dev key; skips (with a warning naming the Debian
 * package to install) what the machine lacks the tools for.
 */
public final class Repositories {
  private Repositories() {}

  /** Writes the repositories and returns them (none when gpg is missing). */
  public static List<Path> build(Path packages, Path target, Instant buildTime, Map<String, String> env)
      throws IOException, InterruptedException {
    if (!Processes.onPath("gpg")) {
      warn("gpg is missing, so no signed apt or yum repository is made; install the Debian package gnupg");
      return List.of();
    }
    Path out = target.resolve("repo");
    FileTrees.delete(out);
    Gpg gpg = signingKey(env, target);
    try {
      Path apt = AptRepository.write(filesEndingWith(packages, ".deb"), out.resolve("apt"), buildTime, gpg);
      // The bills of materials go beside the repositories, for whoever audits what they install.
      for (Path sbom : filesEndingWith(packages, ".cdx.json")) {
        Files.copy(sbom, out.resolve(sbom.getFileName()));
      }
      if (!Processes.onPath("rpmsign") || !Processes.onPath("createrepo_c")) {
        warn("rpmsign or createrepo_c is missing, so no yum repository is made; install the Debian packages rpm and"
            + " createrepo-c");
        return List.of(apt);
      }
      return List.of(apt, YumRepository.write(filesEndingWith(packages, ".rpm"), out.resolve("yum"), gpg));
    } finally {
      gpg.close();
    }
  }

  /** The key that signs the build's repositories: the release key from {@code env}, else the dev key in target. */
  public static Gpg signingKey(Map<String, String> env, Path target) throws IOException, InterruptedException {
    return Gpg.fromEnvironment(env, target.resolve("release-gnupg"), target.resolve("dev-signing-key"));
  }

  public static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static void warn(String message) {
    System.err.println("[WARNING] " + message);
  }
}
