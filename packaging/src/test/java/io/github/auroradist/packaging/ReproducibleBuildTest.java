package io.github.auroradist.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds every package format and the SBOMs twice, on different wall-clock seconds and with freshly
 * touched source files, and wants byte-identical results. The jpackage image is not covered: two jpackage
 * runs on the same jar can write different jlink runtime images (docs/packaging.md).
 */
class ReproducibleBuildTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  @Test
  void twoBuildsOfOneCommitAreByteIdentical() throws Exception {
    assumeThat(Processes.onPath("rpm")).as("rpm is installed (.ci/run installs it)").isTrue();
    Path sources = Files.createDirectories(tmp.resolve("sources"));
    PackageDefinition p = PackageWritersTest.sample(sources);
    Path tree = tarballTree(tmp.resolve("tree"));

    List<String> first = buildAll(p, tree, tmp.resolve("first"));
    // What a second build sees: a later clock, and source files written again.
    long second = Instant.now().getEpochSecond();
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().getEpochSecond() > second);
    touchAll(sources);
    touchAll(tree);
    List<String> again = buildAll(p, tree, tmp.resolve("second"));

    assertThat(again).hasSize(7).isEqualTo(first);
  }

  /**
   * The SHA-256 of the .deb, the .rpm, a tarball and the formula made from it, and of the three packages' SBOMs
   * (made from the product modules' bills of this build), with their names.
   */
  private static List<String> buildAll(PackageDefinition p, Path tree, Path dir) throws IOException {
    Instant buildTime = BuildTime.of(Map.of(), REPO);
    MaintainerScripts scripts = PackageWritersTest.scripts();
    Path out = dir.resolve("out");
    List<Path> files = new ArrayList<>();
    Changelog changelog = PackageWritersTest.CHANGELOG;
    files.add(new DebWriter(scripts, buildTime, changelog).write(p, "1.2.3~SNAPSHOT", dir.resolve("deb"), out));
    files.add(new RpmWriter(scripts, buildTime, changelog).write(p, "1.2.3~SNAPSHOT", dir.resolve("rpm"), out));
    Path tarball =
        new TarballWriter(buildTime).write(tree, "aurora-demo-1.2.3", out.resolve("aurora-demo-1.2.3.tar.gz"));
    files.add(tarball);
    files.add(BrewFormula.write(REPO.resolve("packaging/brew/aurora-cli.rb.in"), tarball,
        "https://example.invalid/aurora-demo-1.2.3.tar.gz", "1.2.3", out.resolve("aurora-cli.rb")));
    String mavenVersion = System.getProperty("aurora.version");
    files.addAll(PackageSboms.write(REPO, Versions.packageVersion(mavenVersion),
        PackageBuilder.jars(REPO, mavenVersion), out));
    List<String> sums = new ArrayList<>();
    for (Path f : files) {
      sums.add(f.getFileName() + " " + Checksums.sha256(f));
    }
    return sums;
  }

  /** A relocatable tree like the staged ones: a launcher, a jar, a symbolic link, a config file. */
  private static Path tarballTree(Path root) throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("lib"));
    Files.createDirectories(root.resolve("conf"));
    Path launcher = Files.writeString(root.resolve("bin/aurora"), "#!/bin/sh\necho aurora\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxrwxr-x"));
    Files.createSymbolicLink(root.resolve("bin/aurora2"), Path.of("aurora"));
    Files.writeString(root.resolve("lib/demo.jar"), "not really a jar");
    Files.writeString(root.resolve("conf/demo.defaults"), "PORT=1\n");
    return root;
  }

  private static void touchAll(Path dir) throws IOException {
    FileTime now = FileTime.from(Instant.now());
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path f : paths.filter(f -> !Files.isSymbolicLink(f)).toList()) {
        Files.setLastModifiedTime(f, now);
      }
    }
  }

  @Test
  void sourceDateEpochWinsOverTheCommitTime() {
    assertThat(BuildTime.of(Map.of("SOURCE_DATE_EPOCH", "1700000000"), REPO))
        .isEqualTo(Instant.ofEpochSecond(1700000000L));
  }

  @Test
  void withoutSourceDateEpochTheCommitTimeOfHeadIsUsed() throws Exception {
    assumeThat(Processes.onPath("git") && Files.exists(REPO.resolve(".git"))).as("a git checkout").isTrue();
    String head = PackageWritersTest.run("git", "-C", REPO.toString(), "log", "-1", "--format=%ct", "HEAD").strip();
    assertThat(BuildTime.of(Map.of(), REPO)).isEqualTo(Instant.ofEpochSecond(Long.parseLong(head)));
  }

  @Test
  void outsideGitTheDocumentedFallbackIsUsed() {
    assertThat(BuildTime.of(Map.of(), tmp)).isEqualTo(BuildTime.FALLBACK)
        .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
  }

  @Test
  void aMalformedSourceDateEpochIsRefusedByName() {
    assertThatThrownBy(() -> BuildTime.of(Map.of("SOURCE_DATE_EPOCH", "yesterday"), REPO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SOURCE_DATE_EPOCH='yesterday'");
  }
}
