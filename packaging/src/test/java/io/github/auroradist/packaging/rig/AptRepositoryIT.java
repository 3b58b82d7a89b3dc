package io.github.auroradist.packaging.rig;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.packaging.Processes;
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
 * both the refusal of a repository signed by another key and the install from the real one.
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
      List<Path> debs;
      try (var files = Files.walk(APT.resolve("pool"))) {
        debs = files.filter(f -> f.toString().endsWith(".deb")).sorted().toList();
      }
      AptRepository.write(debs, machine.root().resolve("srv/forged-apt"), Instant.parse("2024-01-01T00:00:00Z"),
          other);
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
}
