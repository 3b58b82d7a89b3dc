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
    assertThat(err.toString()).contains("master, agent, local or zookeeper");
  }

  @Test
  void zookeeperCommandServesClients() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int zkPort = port;
    Thread server = new Thread(() -> run("zookeeper", "--port", Integer.toString(zkPort),
        "--data_dir", dir.resolve("zk").toString()), "zookeeper-command");
    server.setDaemon(true);
    server.start();
    // A connection made while the server is still loading its database can be left hanging by ZooKeeper; a short
    // session (and so connect) timeout makes the client drop it and connect again within the wait below.
    try (org.apache.curator.framework.CuratorFramework client =
        org.apache.curator.framework.CuratorFrameworkFactory.newClient("127.0.0.1:" + zkPort, 6_000, 3_000,
            new org.apache.curator.retry.RetryOneTime(200))) {
      client.start();
      assertThat(client.blockUntilConnected(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      client.create().forPath("/dev", "cluster".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(new String(client.getData().forPath("/dev"), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("cluster");
    }
    assertThat(dir.resolve("zk")).isDirectory();
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
