package io.github.auroradist.packaging.rig;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.packaging.PackageBuilder;
import io.github.auroradist.packaging.Processes;
import io.github.auroradist.packaging.Versions;
import io.github.auroradist.packaging.repository.AptRepository;
import io.github.auroradist.packaging.repository.Gpg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed apt repository the build made (target/repo/apt), used the way an operator adds it:
 * an aurora.sources with Signed-By, apt-get update, apt-get install. One booted machine serves
 * the refusal of a repository signed by another key, the install from the real one, then an
 * upgrade and a downgrade through a republished repository that holds both versions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AptRepositoryIT {
  static final Path APT = Path.of("target/repo/apt").toAbsolutePath();
  /** The machine has no network: apt looks at the Aurora repository only (Java is installed already). */
  private static final String APT_OPTIONS = "-o Dir::Etc::SourceList=/dev/null";

  @TempDir
  static Path work;

  static NspawnContainer machine;

  @BeforeAll
  static void boot() throws Exception {
    assertThat(APT.resolve("dists/stable/InRelease")).as("the build's apt repository").isRegularFile();
    machine = NspawnContainer.boot(NspawnContainer.cachedRootfs(DebInstallIT.REPO), work, "apt-repo");
    copyTree(APT, machine.root().resolve("srv/aurora-apt"));
    Files.createDirectories(machine.root().resolve("etc/apt/keyrings"));
    Files.copy(APT.resolve(AptRepository.KEYRING), machine.root().resolve("etc/apt/keyrings/aurora.gpg"));
  }

  @AfterAll
  static void shutdown() throws Exception {
    if (machine != null) {
      machine.close();
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    Processes.check(List.of("cp", "-a", from.toString(), to.toString()), Duration.ofMinutes(1));
  }

  private static void addSource(String dir) throws Exception {
    Files.writeString(machine.root().resolve("etc/apt/sources.list.d/aurora.sources"), """
        Types: deb
        URIs: file:%s
        Suites: stable
        Components: main
        Signed-By: /etc/apt/keyrings/aurora.gpg
        """.formatted(dir));
  }

  @Test
  @Order(1)
  void aptRefusesTheRepositoryWhenAnotherKeySignedIt() throws Exception {
    Gpg other = Gpg.devKey(work.resolve("other-key"));
    try {
      AptRepository.write(debsIn(APT.resolve("pool")), machine.root().resolve("srv/forged-apt"),
          Instant.parse("2024-01-01T00:00:00Z"), other);
    } finally {
      other.close();
    }
    addSource("/srv/forged-apt");
    Processes.Result update = machine.run("apt-get " + APT_OPTIONS + " update 2>&1");
    assertThat(update.output()).contains("NO_PUBKEY").contains("is not signed");
    assertThat(update.exitCode()).isNotZero();
    assertThat(machine.run("apt-cache policy aurora-tools 2>&1").output()).doesNotContain("Candidate: 0");
  }

  @Test
  @Order(2)
  void aptVerifiesAndInstallsTheThreePackagesFromTheRepository() throws Exception {
    addSource("/srv/aurora-apt");
    String update = machine.check("apt-get " + APT_OPTIONS + " update 2>&1");
    assertThat(update).doesNotContain("NO_PUBKEY", "not signed", "W: ", "E: ");
    String install = machine.check("DEBIAN_FRONTEND=noninteractive apt-get " + APT_OPTIONS
        + " install -y aurora-scheduler aurora-executor aurora-tools 2>&1");
    assertThat(install).doesNotContain("WARNING: The following packages cannot be authenticated");
    assertThat(machine.check(
        "dpkg-query -W -f='${Package} ${Status}\\n' aurora-scheduler aurora-executor aurora-tools"))
        .contains("aurora-scheduler install ok installed", "aurora-executor install ok installed",
            "aurora-tools install ok installed");
  }

  @Test
  @Order(3)
  void upgradeThroughTheRepositoryKeepsEditsAndRestartsTheObserver() throws Exception {
    checks().observerRuns();
    checks().editMarker("/etc/default/aurora-scheduler");
    checks().editMarker("/etc/default/thermos");
    String observerBefore = machine.check("systemctl show -p MainPID --value thermos");
    // Version N+1 published beside N, signed with the same key, as a release engineer would.
    Path next = PackageBuilder.upgradeRepository(DebInstallIT.REPO, Path.of("target").toAbsolutePath(),
        NewerBuild.packages(".deb"));
    copyTree(next, machine.root().resolve("srv/aurora-apt-next"));
    addSource("/srv/aurora-apt-next");
    String update = machine.check("apt-get " + APT_OPTIONS + " update 2>&1");
    assertThat(update).doesNotContain("NO_PUBKEY", "not signed", "W: ", "E: ");
    machine.check("DEBIAN_FRONTEND=noninteractive apt-get " + APT_OPTIONS + " upgrade -y 2>&1");
    for (String p : PACKAGES) {
      assertThat(installedVersion(p)).as(p).isEqualTo(newerVersion());
    }
    checks().assertEdited("/etc/default/aurora-scheduler");
    checks().assertEdited("/etc/default/thermos");
    checks().observerRuns();
    assertThat(machine.check("systemctl show -p MainPID --value thermos")).isNotEqualTo(observerBefore);
  }

  @Test
  @Order(4)
  void installingVersionNThroughTheRepositoryDowngradesAndKeepsEdits() throws Exception {
    String n = Versions.packageVersion(System.getProperty("aurora.version"));
    machine.check("DEBIAN_FRONTEND=noninteractive apt-get " + APT_OPTIONS + " install -y --allow-downgrades "
        + String.join(" ", PACKAGES.stream().map(p -> p + "=" + n).toList()) + " 2>&1");
    for (String p : PACKAGES) {
      assertThat(installedVersion(p)).as(p).isEqualTo(n);
    }
    checks().assertEdited("/etc/default/aurora-scheduler");
    checks().assertEdited("/etc/default/thermos");
    checks().observerRuns();
  }

  private static final List<String> PACKAGES = List.of("aurora-scheduler", "aurora-executor", "aurora-tools");

  private static PackageInstallChecks checks() {
    return new PackageInstallChecks(machine, "/etc/default");
  }

  private static String installedVersion(String pkg) throws Exception {
    return machine.check("dpkg-query -W -f='${Version}' " + pkg);
  }

  private static String newerVersion() {
    return NewerBuild.version();
  }

  private static List<Path> debsIn(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".deb")).sorted().toList();
    }
  }
}
