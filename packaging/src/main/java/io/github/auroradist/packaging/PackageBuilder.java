package io.github.auroradist.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the packages; run by Maven in two steps.
 *
 * <pre>
 *   stage    REPO VERSION TARGET              relocatable trees for the tarballs (target/dist)
 *   packages REPO VERSION TARGET [BREW_URL]   .deb, .rpm (target/packages) and the Homebrew formula
 * </pre>
 */
public final class PackageBuilder {
  private PackageBuilder() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4 || !List.of("stage", "packages").contains(args[0])) {
      System.err.println("usage: PackageBuilder stage|packages REPO VERSION TARGET [BREW_URL]");
      System.exit(2);
    }
    Path repo = Path.of(args[1]).toAbsolutePath().normalize();
    String mavenVersion = args[2];
    Path target = Path.of(args[3]).toAbsolutePath().normalize();
    Contents contents = new Contents(repo, jars(repo, mavenVersion));
    String version = Versions.packageVersion(mavenVersion);
    if (args[0].equals("stage")) {
      stage(contents, mavenVersion, target);
    } else {
      packages(repo, contents, version, mavenVersion, target, args.length > 4 ? args[4] : null);
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
    stager.stage(contents.scheduler(Format.DEB), Contents.SCHEDULER_COMMANDS, version, dist);
    stager.stage(contents.executor(Format.DEB), Contents.EXECUTOR_COMMANDS, version, dist);
    stager.stage(contents.tools(Format.DEB), Contents.TOOLS_COMMANDS, version, dist);
    System.out.println("Staged tarball trees in " + dist);
  }

  static void packages(Path repo, Contents contents, String version, String mavenVersion, Path target, String brewUrl)
      throws IOException {
    MaintainerScripts scripts = new MaintainerScripts(Files.readString(repo.resolve("packaging/scripts/functions.sh")));
    Path out = target.resolve("packages");
    Path work = target.resolve("package-work");
    DebWriter deb = new DebWriter(scripts);
    RpmWriter rpm = new RpmWriter(scripts);
    for (PackageDefinition p : contents.all(Format.DEB)) {
      System.out.println("Wrote " + deb.write(p, version, work.resolve("deb"), out));
    }
    for (PackageDefinition p : contents.all(Format.RPM)) {
      System.out.println("Wrote " + rpm.write(p, version, work.resolve("rpm"), out));
    }
    Path tarball = target.resolve(Contents.TOOLS + "-" + mavenVersion + ".tar.gz");
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(tarball + " is missing: the assembly step must run before this one");
    }
    String url = brewUrl == null || brewUrl.isBlank() ? tarball.toUri().toString()
        : brewUrl.replaceAll("/$", "") + "/" + tarball.getFileName();
    Path formula = BrewFormula.write(repo.resolve("packaging/brew/aurora-cli.rb.in"), tarball, url, mavenVersion,
        target.resolve("brew/aurora-cli.rb"));
    System.out.println("Wrote " + formula);
    // jpackage, which runs next, refuses to write over an earlier image.
    deleteTree(target.resolve("jpackage"));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
