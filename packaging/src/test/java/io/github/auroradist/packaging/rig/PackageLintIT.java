package io.github.auroradist.packaging.rig;

import io.github.auroradist.packaging.Processes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the built packages with the distributions' own tools, and the client tarballs as users run them. */
class PackageLintIT {
  static final Path PACKAGES = DebInstallIT.PACKAGES;
  static final String VERSION = System.getProperty("aurora.version");

  @TempDir
  Path tmp;

  @Test
  void lintianFindsNoErrors() throws Exception {
    for (Path deb : DebInstallIT.built(".deb")) {
      String out = run(List.of("lintian", "--allow-root", deb.toString()), true);
      assertThat(out.lines().filter(l -> l.startsWith("E:"))).as("lintian errors for %s", deb).isEmpty();
    }
  }

  @Test
  void rpmlintFindsNoErrorsAndDigestsAndScriptsRead() throws Exception {
    List<Path> rpms = DebInstallIT.built(".rpm");
    String rpmlintrc = DebInstallIT.REPO.resolve("packaging/rpmlintrc").toString();
    List<String> argv = new ArrayList<>(List.of("rpmlint", "-r", rpmlintrc));
    rpms.forEach(r -> argv.add(r.toString()));
    assertThat(run(argv, true)).contains(" 0 errors");
    for (Path rpm : rpms) {
      assertThat(run(List.of("rpm", "-K", rpm.toString()), false)).contains("digests OK");
      assertThat(run(List.of("rpm", "-qp", "--scripts", rpm.toString()), false)).contains("postinstall scriptlet");
    }
  }

  @Test
  void brewFormulaCarriesTheTarballsRealSha256AndIsValidRuby() throws Exception {
    Path tarball = PACKAGES.resolve("aurora-cli-" + VERSION + ".tar.gz");
    String formula = Files.readString(PACKAGES.resolve("aurora-cli.rb"));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tarball)));
    assertThat(formula).contains("sha256 \"" + sha + "\"").contains("depends_on \"openjdk@17\"")
        .contains("url \"" + tarball.toUri()).contains("test do");
    assertThat(run(List.of("ruby", "-c", PACKAGES.resolve("aurora-cli.rb").toString()), false)).contains("Syntax OK");
  }

  @Test
  void cliTarballRunsAsTheFormulaRunsIt() throws Exception {
    run(List.of("tar", "xzf", PACKAGES.resolve("aurora-cli-" + VERSION + ".tar.gz").toString(), "-C", tmp.toString()),
        false);
    Path root = tmp.resolve("aurora-cli-" + VERSION);
    assertThat(root.resolve("lib")).isDirectory();
    // Homebrew's wrapper sets JAVA_HOME and runs libexec/bin/aurora.
    String java = Path.of(System.getProperty("java.home")).toString();
    assertThat(run(List.of("env", "-i", "PATH=/usr/bin:/bin", "JAVA_HOME=" + java,
        root.resolve("bin/aurora").toString(), "--version"), false)).contains(VERSION);
    assertThat(root.resolve("bin/aurora-admin")).isExecutable();
  }

  @Test
  void selfContainedImageRunsWithoutAnyJava() throws Exception {
    run(List.of("tar", "xzf", PACKAGES.resolve("aurora-cli-" + VERSION + "-linux-x86_64.tar.gz").toString(), "-C",
        tmp.toString()), false);
    Path aurora = tmp.resolve("aurora-cli-" + VERSION + "/bin/aurora");
    assertThat(run(List.of("env", "-i", "PATH=/nonexistent", aurora.toString(), "--version"), false)).contains(VERSION);
  }

  static String run(List<String> argv, boolean anyExit) throws Exception {
    Processes.Result r = Processes.run(argv, Duration.ofMinutes(5));
    assertThat(r.exitCode()).as("%s timed out", argv).isNotEqualTo(124);
    if (!anyExit) {
      assertThat(r.exitCode()).as("%s:%n%s", argv, r.output()).isZero();
    }
    return r.output();
  }
}
