package io.github.auroradist.packaging.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Installs the built .deb packages on a booted Debian machine and checks what an operator sees. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebInstallIT {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path PACKAGES = Path.of("target/packages").toAbsolutePath();

  @TempDir
  static Path work;

  static NspawnContainer machine;
  static PackageInstallChecks checks;

  @BeforeAll
  static void boot() throws Exception {
    machine = NspawnContainer.boot(NspawnContainer.cachedRootfs(REPO), work, "deb-install");
    for (Path deb : built(".deb")) {
      machine.copyIn(deb, "/srv/packages");
    }
    checks = new PackageInstallChecks(machine, "/etc/default");
  }

  static List<Path> built(String suffix) throws Exception {
    try (Stream<Path> files = Files.list(PACKAGES)) {
      List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
      assertThat(found).as("packages in %s", PACKAGES).hasSize(3);
      return found;
    }
  }

  @AfterAll
  static void shutdown() throws Exception {
    if (machine != null) {
      machine.close();
    }
  }

  @Test
  @Order(1)
  void installsWithDpkgAndSaysTheSchedulerNeedsItsLogInitialized() throws Exception {
    // apt resolves the dependencies (Java is already on the machine, which has no network).
    String out = machine.check("apt-get install -y /srv/packages/*.deb 2>&1");
    assertThat(out).contains("aurora-scheduler is enabled but not started")
        .contains("aurora-scheduler-log initialize");
    assertThat(machine.check("dpkg-query -W -f='${Conffiles}\\n' aurora-scheduler aurora-executor aurora-tools"))
        .contains("/etc/default/aurora-scheduler").contains("/etc/default/thermos")
        .contains("/etc/aurora/clusters.json");
  }

  @Test
  @Order(2)
  void createsTheUserDirectoriesAndCommands() throws Exception {
    checks.userAndDirectories();
    checks.commandsAndConfiguration();
  }

  @Test
  @Order(3)
  void uninitializedSchedulerDoesNotLoop() throws Exception {
    checks.uninitializedSchedulerExplainsAndDoesNotLoop();
  }

  @Test
  @Order(4)
  void servicesRun() throws Exception {
    checks.observerRuns();
    checks.startZooKeeperAndMesos(emulatorJar());
    checks.initializedSchedulerServesHealth();
  }

  /** The Mesos emulator's runnable jar; the test rig uses it, no package ships it. */
  static Path emulatorJar() throws Exception {
    try (Stream<Path> files = Files.list(REPO.resolve("mesos-emulator/target"))) {
      return files.filter(p -> p.getFileName().toString().matches("mesos-emulator-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("build the mesos-emulator module first"));
    }
  }

  @Test
  @Order(5)
  void upgradeKeepsEditsAndRestartsTheScheduler() throws Exception {
    checks.editMarker("/etc/default/aurora-scheduler");
    String pidBefore = machine.check("systemctl show -p MainPID --value aurora-scheduler");
    for (Path deb : NewerBuild.packages(".deb")) {
      machine.copyIn(deb, "/srv/newer");
    }
    machine.check("apt-get install -y /srv/newer/*.deb 2>&1");
    assertThat(machine.check("dpkg-query -W -f='${Version}' aurora-scheduler")).endsWith("+1");
    checks.assertEdited("/etc/default/aurora-scheduler");
    checks.awaitHttp("http://127.0.0.1:8081/health", "OK");
    assertThat(machine.check("systemctl show -p MainPID --value aurora-scheduler")).isNotEqualTo(pidBefore);
  }

  @Test
  @Order(6)
  void removeKeepsDataAndConfigAndPurgeRemovesConfigOnly() throws Exception {
    machine.check("dpkg -r aurora-scheduler");
    assertThat(machine.run("systemctl is-active aurora-scheduler").output().strip()).isIn("inactive", "unknown");
    machine.check("test -f /var/lib/aurora/scheduler/db/aurora-log.json && test -f /etc/default/aurora-scheduler");
    machine.check("dpkg -P aurora-scheduler");
    machine.check("test ! -e /etc/default/aurora-scheduler && test -f /var/lib/aurora/scheduler/db/aurora-log.json");
    machine.check("getent passwd aurora");
  }
}
