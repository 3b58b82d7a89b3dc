package io.github.auroradist.packaging.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the built .rpm packages with rpm on a booted machine and runs the same checks as for
 * the .deb: both formats must leave the same system. The machine is Debian with rpm (no RHEL
 * mirror is reachable here), so dependencies are not resolved, but every file, scriptlet and
 * service is the real one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RpmInstallIT {
  @TempDir
  static Path work;

  static NspawnContainer machine;
  static PackageInstallChecks checks;

  @BeforeAll
  static void boot() throws Exception {
    machine = NspawnContainer.boot(NspawnContainer.cachedRootfs(DebInstallIT.REPO), work, "rpm-install");
    for (Path rpm : DebInstallIT.built(".rpm")) {
      machine.copyIn(rpm, "/srv/packages");
    }
    checks = new PackageInstallChecks(machine, "/etc/sysconfig");
  }

  @AfterAll
  static void shutdown() throws Exception {
    if (machine != null) {
      machine.close();
    }
  }

  @Test
  @Order(1)
  void installsWithRpm() throws Exception {
    String out = machine.check("rpm -i --nodeps /srv/packages/*.rpm 2>&1");
    assertThat(out).contains("aurora-scheduler is enabled but not started");
    assertThat(machine.check("rpm -qc aurora-scheduler aurora-executor aurora-tools"))
        .contains("/etc/sysconfig/aurora-scheduler").contains("/etc/sysconfig/thermos")
        .contains("/etc/aurora/clusters.json");
  }

  @Test
  @Order(2)
  void sameUserDirectoriesAndCommandsAsTheDeb() throws Exception {
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
    checks.startZooKeeperAndMesos(DebInstallIT.emulatorJar());
    checks.initializedSchedulerServesHealth();
  }

  @Test
  @Order(5)
  void upgradeKeepsEditsAndEraseKeepsData() throws Exception {
    checks.editMarker("/etc/sysconfig/aurora-scheduler");
    for (Path rpm : NewerBuild.packages(".rpm")) {
      machine.copyIn(rpm, "/srv/newer");
    }
    machine.check("rpm -U --nodeps /srv/newer/*.rpm 2>&1");
    assertThat(machine.check("rpm -q --qf '%{VERSION}' aurora-scheduler")).endsWith("+1");
    checks.assertEdited("/etc/sysconfig/aurora-scheduler");
    checks.awaitHttp("http://127.0.0.1:8081/health", "OK");
    machine.check("rpm -e --nodeps aurora-scheduler 2>&1");
    assertThat(machine.run("systemctl is-active aurora-scheduler").output().strip()).isIn("inactive", "unknown");
    machine.check("test -f /var/lib/aurora/scheduler/db/aurora-log.json");
  }
}
