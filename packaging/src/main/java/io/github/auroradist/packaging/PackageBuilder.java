package io.github.auroradist.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.github.auroradist.packaging.repository.AptRepository;
import io.github.auroradist.packaging.repository.Gpg;
import io.github.auroradist.packaging.repository.Repositories;

/**
 * Builds the packages; run by Maven in two steps.
 *
 * <pre>
 *   stage    REPO VERSION TARGET              relocatable trees for the tarballs (target/dist)
 *   packages REPO VERSION TARGET [BREW_URL]   tarballs (of target/dist and the jpackage image), .deb,
 *                                             .rpm, the Homebrew formula and a CycloneDX SBOM per
 *                                             package (from cyclonedx-maven-plugin's), in target/packages
 *   repositories REPO VERSION TARGET          signed apt and yum repositories of those, in target/repo
 * </pre>
 *
 * Every file in them carries one time stamp ({@link BuildTime}), so two builds of one commit are
 * byte-identical (the jpackage image inside aurora-cli-VERSION-linux-x86_64.tar.gz excepted).
 */
public final class PackageBuilder {
  private PackageBuilder() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 4 || !List.of("stage", "packages", "repositories", "upgrade-repository").contains(args[0])) {
      System.err.println("usage: PackageBuilder stage|packages|repositories|upgrade-repository REPO VERSION TARGET"
          + " [BREW_URL]");
      System.exit(2);
    }
    Path repo = Path.of(args[1]).toAbsolutePath().normalize();
    String mavenVersion = args[2];
    Path target = Path.of(args[3]).toAbsolutePath().normalize();
    String version = Versions.packageVersion(mavenVersion);
    if (args[0].equals("stage")) {
      stage(new Contents(repo, jars(repo, mavenVersion)), mavenVersion, target);
    } else if (args[0].equals("upgrade-repository")) {
      System.out.println("Wrote the signed repository " + upgradeRepository(repo, mavenVersion, target));
    } else if (args[0].equals("repositories")) {
      for (Path r : Repositories.build(target.resolve("packages"), target, BuildTime.of(repo), System.getenv())) {
        System.out.println("Wrote the signed repository " + r);
      }
    } else {
      packages(repo, version, mavenVersion, target, args.length > 4 ? args[4] : null);
    }
  }

  /**
   * For upgrade tests (the acceptance suite): the build's .deb files and a rebuild of them as the next version
   * (VERSION+1), in one apt repository signed like the build's, at TARGET/repo/upgrade/apt.
   */
  public static Path upgradeRepository(Path repo, String mavenVersion, Path target)
      throws IOException, InterruptedException {
    Path work = target.resolve("upgrade-work");
    FileTrees.delete(work);
    return upgradeRepository(repo, target, writePackages(repo, mavenVersion, Versions.packageVersion(mavenVersion)
        + "+1", work.resolve("packages"), work.resolve("work")));
  }

  /** The same repository from next-version packages already written (the .deb files among {@code newer}). */
  public static Path upgradeRepository(Path repo, Path target, List<Path> newer)
      throws IOException, InterruptedException {
    List<Path> debs = new ArrayList<>(Repositories.filesEndingWith(target.resolve("packages"), ".deb"));
    for (Path p : newer) {
      if (p.toString().endsWith(".deb")) {
        debs.add(p);
      }
    }
    Gpg gpg = Repositories.signingKey(System.getenv(), target);
    try {
      return AptRepository.write(debs, target.resolve("repo/upgrade/apt"), BuildTime.of(repo), gpg);
    } finally {
      gpg.close();
    }
  }

  /** The runtime jars of each package, from the product modules' target directories. */
  static Map<String, List<Path>> jars(Path repo, String version) {
    List<Path> executor = new ArrayList<>(Contents.moduleJars(repo.resolve("executor"), "aurora-executor", version));
    executor.addAll(Contents.moduleJars(repo.resolve("observer"), "aurora-observer", version));
    return Map.of(
        Contents.SCHEDULER, Contents.moduleJars(repo.resolve("scheduler"), "aurora-scheduler", version),
        Contents.EXECUTOR, executor,
        Contents.TOOLS, Contents.moduleJars(repo.resolve("client"), "aurora-client", version));
  }

  static void stage(Contents contents, String version, Path target) throws IOException {
    Path dist = target.resolve("dist");
    TarballStager stager = new TarballStager(contents);
    // Tarballs carry the Debian-style layout of config files; they are examples to copy.
    stager.stage(contents.scheduler(Format.DEB), Contents.SCHEDULER, Contents.SCHEDULER_COMMANDS, version, dist);
    stager.stage(contents.executor(Format.DEB), Contents.EXECUTOR, Contents.EXECUTOR_COMMANDS, version, dist);
    stager.stage(contents.tools(Format.DEB), Contents.CLI_TARBALL, Contents.TOOLS_COMMANDS, version, dist);
    System.out.println("Staged tarball trees in " + dist);
    // jpackage, which runs next, refuses to write over an earlier image.
    FileTrees.delete(target.resolve("jpackage"));
  }

  /**
   * Writes the .deb and .rpm of every package at a package version; the install tests use this to
   * make a newer build to upgrade to.
   */
  public static List<Path> writePackages(Path repo, String mavenVersion, String packageVersion, Path out, Path work)
      throws IOException {
    Contents contents = new Contents(repo, jars(repo, mavenVersion));
    MaintainerScripts scripts = new MaintainerScripts(Files.readString(repo.resolve("packaging/scripts/functions.sh")));
    Instant buildTime = BuildTime.of(repo);
    Changelog changelog = Changelog.read(repo).checkedFor(mavenVersion);
    DebWriter deb = new DebWriter(scripts, buildTime, changelog);
    RpmWriter rpm = new RpmWriter(scripts, buildTime, changelog);
    List<Path> written = new ArrayList<>();
    for (PackageDefinition p : contents.all(Format.DEB)) {
      written.add(deb.write(p, packageVersion, work.resolve("deb"), out));
    }
    for (PackageDefinition p : contents.all(Format.RPM)) {
      written.add(rpm.write(p, packageVersion, work.resolve("rpm"), out));
    }
    return written;
  }

  static void packages(Path repo, String version, String mavenVersion, Path target, String brewUrl)
      throws IOException {
    Path out = target.resolve("packages");
    // The SBOMs first: a module bill that is missing or describes other jars stops the build before any package.
    for (Path sbom : PackageSboms.write(repo, version, jars(repo, mavenVersion), out)) {
      System.out.println("Wrote " + sbom);
    }
    for (Path p : writeTarballs(new TarballWriter(BuildTime.of(repo)), mavenVersion, target, out)) {
      System.out.println("Wrote " + p);
    }
    for (Path p : writePackages(repo, mavenVersion, version, out, target.resolve("package-work"))) {
      System.out.println("Wrote " + p);
    }
    Path tarball = out.resolve(Contents.CLI_TARBALL + "-" + mavenVersion + ".tar.gz");
    String url = brewUrl == null || brewUrl.isBlank() ? tarball.toUri().toString()
        : brewUrl.replaceAll("/$", "") + "/" + tarball.getFileName();
    Path formula = BrewFormula.write(repo.resolve("packaging/brew/aurora-cli.rb.in"), tarball, url, mavenVersion,
        out.resolve("aurora-cli.rb"));
    System.out.println("Wrote " + formula);
  }

  /** The staged trees of target/dist, and the jpackage image when jpackage made one. */
  static List<Path> writeTarballs(TarballWriter writer, String mavenVersion, Path target, Path out)
      throws IOException {
    List<Path> written = new ArrayList<>();
    for (String name : List.of(Contents.SCHEDULER, Contents.EXECUTOR, Contents.CLI_TARBALL)) {
      String dir = name + "-" + mavenVersion;
      written.add(writer.write(target.resolve("dist").resolve(dir), dir, out.resolve(dir + ".tar.gz")));
    }
    Path image = target.resolve("jpackage/aurora");
    if (Files.isDirectory(image)) {
      String dir = Contents.CLI_TARBALL + "-" + mavenVersion;
      written.add(writer.write(image, dir, out.resolve(dir + "-linux-x86_64.tar.gz")));
    }
    return written;
  }
}
