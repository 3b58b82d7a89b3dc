package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.SchedulerCommandsTest.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * aurora-admin's host commands against a real scheduler that knows the hosts (no agent runs tasks: a drained host
 * is DRAINED at once).
 */
class HostMaintenanceCommandsTest extends AgainstLoopbackCluster {
  @BeforeAll
  static void agentsRegistered() {
    cluster.registerAgents("west-aaa-001", "west-aaa-002", "west-xyz-002", "a1", "b1", "c1", "d1", "plainhost");
  }

  @Test
  void aHostNoAgentRegisteredFromIsRefusedByName() {
    Result unknown = admin("host_deactivate", "--hosts=d1,nowhere", "devcluster");
    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.err()).contains("unknown host nowhere: no agent with that host name has registered");
    assertThat(admin("host_status", "--hosts=d1", "devcluster").out()).isEqualTo("d1 is in state: NONE\n");
  }

  @Test
  void deactivateStatusDrainActivate() throws Exception {
    Result deactivated = admin("host_deactivate", "--hosts=west-aaa-001,west-aaa-002", "devcluster");
    assertThat(deactivated.code()).as(deactivated.err()).isZero();
    assertThat(deactivated.out()).isEqualTo("""
        west-aaa-001 is in state: SCHEDULED
        west-aaa-002 is in state: SCHEDULED
        """);

    Path hostsFile = Files.writeString(dir.resolve("hosts.txt"), "west-aaa-001\n\n  west-xyz-002  \nwest-aaa-002\n");
    Result status = admin("host_status", "--filename=" + hostsFile, "devcluster");
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).isEqualTo("""
        west-aaa-001 is in state: SCHEDULED
        west-aaa-002 is in state: SCHEDULED
        west-xyz-002 is in state: NONE
        """);

    Path log = dir.resolve("drained.log");
    Path script = Files.writeString(dir.resolve("post_drain.sh"), "#!/bin/sh\necho \"drained $1\" >> " + log
        + "\necho \"post-drain of $1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Result drained = admin("host_drain", "--filename=" + hostsFile, "--grouping=by_rack",
        "--post_drain_script=" + script, "devcluster");
    assertThat(drained.code()).as(drained.err()).isZero();
    assertThat(drained.out()).isEqualTo("""
        Draining hosts: west-aaa-001, west-aaa-002
        west-aaa-001 is in state: DRAINED
        west-aaa-002 is in state: DRAINED
        post-drain of west-aaa-001
        post-drain of west-aaa-002
        Draining hosts: west-xyz-002
        west-xyz-002 is in state: DRAINED
        post-drain of west-xyz-002
        """);
    assertThat(Files.readAllLines(log)).containsExactly("drained west-aaa-001", "drained west-aaa-002",
        "drained west-xyz-002");

    Result activated = admin("host_activate", "--hosts=west-aaa-001,west-xyz-002", "devcluster");
    assertThat(activated.code()).as(activated.err()).isZero();
    assertThat(activated.out()).isEqualTo("west-aaa-001 is in state: NONE\nwest-xyz-002 is in state: NONE\n");
    assertThat(admin("host_status", "--hosts=west-aaa-002", "devcluster").out())
        .isEqualTo("west-aaa-002 is in state: DRAINED\n");
  }

  @Test
  void drainByHostGoesOneHostAtATimeAndAFailingScriptStopsIt() throws Exception {
    Path script = Files.writeString(dir.resolve("fails.sh"), "#!/bin/sh\necho \"cannot reboot $1\"\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Result r = admin("host_drain", "--hosts=b1,a1", "--post_drain_script=" + script, "devcluster");
    assertThat(r.code()).isEqualTo(ExitCodes.COMMAND_FAILURE);
    assertThat(r.out()).isEqualTo("Draining hosts: a1\na1 is in state: DRAINED\ncannot reboot a1\n");
    assertThat(r.err()).contains("--post_drain_script " + script + " a1 exited with 3");
    assertThat(admin("host_status", "--hosts=a1,b1", "devcluster").out())
        .isEqualTo("a1 is in state: DRAINED\nb1 is in state: NONE\n");
  }

  @Test
  void badHostArgumentsAreRefusedNamingTheFix() throws Exception {
    Result none = admin("host_status", "devcluster");
    assertThat(none.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(none.err()).contains("Please specify either --filename or --hosts");

    Path file = Files.writeString(dir.resolve("h"), "a1\n");
    Result both = admin("host_status", "--hosts=a1", "--filename=" + file, "devcluster");
    assertThat(both.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(both.err()).contains("Please specify either --filename or --hosts, not both.");

    Path malformed = Files.writeString(dir.resolve("bad_hosts"), "a1\nb1 b2, c\n");
    Result bad = admin("host_drain", "--filename=" + malformed, "devcluster");
    assertThat(bad.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(bad.err()).contains("'b1 b2, c' (" + malformed + " line 2) is not a host name;"
        + " write one host name a line");

    Result missing = admin("host_deactivate", "--filename=" + dir.resolve("nope"), "devcluster");
    assertThat(missing.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(missing.err()).contains("cannot read the hosts file " + dir.resolve("nope"));

    Result rack = admin("host_drain", "--hosts=plainhost", "--grouping=by_rack", "devcluster");
    assertThat(rack.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(rack.err()).contains("cannot tell the rack of host 'plainhost'");

    Result grouping = admin("host_drain", "--hosts=a1", "--grouping=by_moon", "devcluster");
    assertThat(grouping.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(grouping.err()).contains("by_host", "by_rack");

    Result script = admin("host_drain", "--hosts=c1", "--post_drain_script=" + dir.resolve("none.sh"), "devcluster");
    assertThat(script.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(script.err()).contains("no such file");
    assertThat(admin("host_status", "--hosts=c1", "devcluster").out()).isEqualTo("c1 is in state: NONE\n");
  }
}
