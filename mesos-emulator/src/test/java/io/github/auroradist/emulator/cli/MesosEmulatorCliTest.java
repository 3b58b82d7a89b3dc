package io.github.auroradist.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MesosEmulatorCliTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return MesosEmulator.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("master", "agent", "local", "Never for production");
  }

  @Test
  void subcommandHelpListsTheFlags() {
    assertThat(run("agent", "--help")).isZero();
    assertThat(out.toString()).contains("--master", "--work_dir", "--resources", "--attributes", "--hostname", "--ip");
  }

  @Test
  void unknownFlagsAreAnErrorWithExitCodeOne() {
    assertThat(run("local", "--agents", "1", "--work_dir", dir.toString(), "--no_such_flag=1")).isEqualTo(1);
    assertThat(err.toString()).contains("Unknown option", "--no_such_flag", "--help");
  }

  @Test
  void aMissingCommandIsAnError() {
    assertThat(run()).isEqualTo(1);
    assertThat(err.toString()).contains("master, agent, local, zookeeper or simulated-agents");
  }

  @Test
  void zookeeperCommandNeedsADataDir() {
    assertThat(run("zookeeper", "--port", "2999")).isEqualTo(1);
    assertThat(err.toString()).contains("--data_dir");
  }

  @Test
  void badResourcesNameTheProblem() {
    assertThat(run("agent", "--master", "127.0.0.1:1", "--work_dir", dir.toString(), "--port", "0",
        "--resources", "cpus:lots")).isEqualTo(1);
    assertThat(err.toString()).contains("cpus", "lots", "--resources");
  }

  @Test
  void badMasterAddressNamesTheForms() {
    assertThat(run("agent", "--master", "zk://nohostpath", "--work_dir", dir.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("zk://host:port");
  }

  @Test
  void badDurationsNameTheFlag() {
    assertThat(run("master", "--port", "0", "--agent_ping_timeout", "soon")).isEqualTo(1);
    assertThat(err.toString()).contains("--agent_ping_timeout", "soon");
  }
}
