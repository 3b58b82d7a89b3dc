package io.github.auroradist.packaging.rig;

import io.github.auroradist.packaging.Processes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/**
 * What must hold on a machine after installing our packages, whatever the format: the same user,
 * directories, services and behaviour. The deb and rpm tests both run these.
 */
final class PackageInstallChecks {
  private final NspawnContainer machine;
  private final String defaultsDir;

  PackageInstallChecks(NspawnContainer machine, String defaultsDir) {
    this.machine = machine;
    this.defaultsDir = defaultsDir;
  }

  void userAndDirectories() throws Exception {
    assertThat(machine.check("getent passwd aurora | cut -d: -f6,7")).isEqualTo("/var/lib/aurora:/usr/sbin/nologin\n");
    assertThat(machine.check("stat -c '%n %U:%G %a' /var/lib/aurora /var/lib/aurora/scheduler/db"
        + " /var/lib/aurora/scheduler/backups /var/log/aurora"))
        .isEqualTo("""
            /var/lib/aurora aurora:aurora 750
            /var/lib/aurora/scheduler/db aurora:aurora 750
            /var/lib/aurora/scheduler/backups aurora:aurora 750
            /var/log/aurora aurora:aurora 750
            """);
    assertThat(machine.check("test -d /run/aurora && test -d /var/lib/thermos && echo ok")).isEqualTo("ok\n");
    // It will hold passwords: the scheduler's user only.
    assertThat(machine.check("stat -c '%n %U:%G %a' /etc/aurora/security.ini"))
        .isEqualTo("/etc/aurora/security.ini aurora:aurora 640\n");
  }

  void commandsAndConfiguration() throws Exception {
    machine.check("for f in /usr/sbin/aurora-scheduler /usr/sbin/aurora-scheduler-log /usr/bin/aurora-scheduler-startup"
        + " /usr/bin/thermos_executor /usr/sbin/thermos_observer /usr/bin/aurora /usr/bin/aurora-admin"
        + " /usr/bin/aurora_admin; do test -x $f || { echo missing $f; exit 1; }; done");
    machine.check("test -f " + defaultsDir + "/aurora-scheduler && test -f " + defaultsDir + "/thermos"
        + " && test -f /etc/aurora/clusters.json && test -f /etc/init/aurora-scheduler.conf");
    assertThat(machine.check("aurora-scheduler-log --help")).contains("initialize");
    assertThat(machine.check("aurora-scheduler -help")).contains("-cluster_name");
  }

  /** A fresh install enables the scheduler but does not start it on an uninitialized log, nor loop. */
  void uninitializedSchedulerExplainsAndDoesNotLoop() throws Exception {
    assertThat(machine.check("systemctl is-enabled aurora-scheduler")).isEqualTo("enabled\n");
    assertThat(machine.run("systemctl is-active aurora-scheduler").output()).isEqualTo("inactive\n");
    machine.run("systemctl start aurora-scheduler");
    machine.check("for i in $(seq 50); do s=$(systemctl is-active aurora-scheduler); [ \"$s\" = failed ] && exit 0;"
        + " sleep 0.2; done; echo still $s; exit 1");
    assertThat(machine.check("journalctl -u aurora-scheduler --no-pager -o cat"))
        .contains("was never initialized")
        .contains("aurora-scheduler-log initialize --path=/var/lib/aurora/scheduler/db");
    assertThat(machine.check("systemctl show -p NRestarts --value aurora-scheduler")).isEqualTo("0\n");
  }

  /**
   * ZooKeeper from Debian's zookeeperd (in the root file system) and the Mesos emulator's master
   * and one agent, registered in ZooKeeper where the scheduler's defaults look for Mesos.
   */
  void startZooKeeperAndMesos(java.nio.file.Path emulatorJar) throws Exception {
    machine.copyIn(emulatorJar, "/srv/emulator");
    machine.check("systemctl start zookeeper; for i in $(seq 60); do"
        + " /usr/share/zookeeper/bin/zkCli.sh -server 127.0.0.1:2181 ls / >/dev/null 2>&1 && exit 0; sleep 1; done;"
        + " echo zookeeper did not come up; exit 1");
    machine.check("systemd-run --unit=mesos-emulator java -jar /srv/emulator/" + emulatorJar.getFileName()
        + " local --agents 1 --zk zk://127.0.0.1:2181/mesos --work_dir /var/lib/mesos");
    // Like Mesos, the emulator's /health is an empty 200.
    awaitHttp("http://127.0.0.1:5050/health", null);
  }

  void initializedSchedulerServesHealth() throws Exception {
    machine.check("sudo -u aurora aurora-scheduler-log initialize --path=/var/lib/aurora/scheduler/db");
    machine.check("systemctl reset-failed aurora-scheduler; systemctl start aurora-scheduler");
    awaitHttp("http://127.0.0.1:8081/health", "OK");
    assertThat(machine.check("ps -o user= -C java | sort -u")).contains("aurora");
  }

  void observerRuns() throws Exception {
    assertThat(machine.check("systemctl is-enabled thermos")).isEqualTo("enabled\n");
    awaitHttp("http://127.0.0.1:1338/health", "OK");
  }

  /** Waits until the URL answers 2xx, with exactly this body unless body is null. */
  void awaitHttp(String url, String body) throws Exception {
    String bodyCheck = body == null ? "" : " && [ \"$b\" = '" + body + "' ]";
    Processes.Result r = machine.run(Duration.ofSeconds(150),
        "for i in $(seq 120); do b=$(curl -fsS " + url + " 2>/dev/null)" + bodyCheck + " && exit 0;"
            + " sleep 1; done; curl -sS -i " + url + "; exit 1");
    assertThat(r.ok()).as("%s answered %s", url, r.output()).isTrue();
  }

  /** An operator's edit of a config file survives an upgrade. */
  void editMarker(String file) throws Exception {
    machine.check("echo '# edited by the operator' >> " + file);
  }

  void assertEdited(String file) throws Exception {
    assertThat(machine.check("tail -1 " + file)).isEqualTo("# edited by the operator\n");
  }
}
