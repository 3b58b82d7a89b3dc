package io.github.auroradist.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.emulator.testing.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesos-emulator zookeeper} as bin/devcluster runs it: its own process, the shipped logging setup. */
class ZooKeeperCommandTest {
  @TempDir
  Path dir;

  @Test
  void startsWithoutStackTracesAndServesClients() throws Exception {
    int port = Ports.free();
    Path log = dir.resolve("zookeeper.log");
    Process zookeeper = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        // The jar's logback.xml, not the tests' logback-test.xml: what a dev cluster's log shows.
        "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"), MesosEmulator.class.getName(),
        "zookeeper", "--port", Integer.toString(port), "--data_dir", dir.resolve("zk").toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains(ZooKeeperCommand.SERVING + port)
          || !zookeeper.isAlive());
      assertThat(zookeeper.isAlive()).as("zookeeper is running; its output:%n%s", Files.readString(log)).isTrue();
      try (CuratorFramework client = CuratorFrameworkFactory.newClient("127.0.0.1:" + port, new RetryOneTime(200))) {
        client.start();
        assertThat(client.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
        client.create().forPath("/dev", "cluster".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(client.getData().forPath("/dev"), StandardCharsets.UTF_8)).isEqualTo("cluster");
      }
      String output = Files.readString(log);
      assertThat(output).as("the zookeeper command's output")
          .doesNotContainPattern("(?m)^\\s+at ")
          .doesNotContainPattern("\\w*(Exception|Error)\\b");
      assertThat(dir.resolve("zk")).isDirectory();
    } finally {
      zookeeper.destroy();
      if (!zookeeper.waitFor(30, TimeUnit.SECONDS)) {
        zookeeper.destroyForcibly();
      }
    }
  }
}
