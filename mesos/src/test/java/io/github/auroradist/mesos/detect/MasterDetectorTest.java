package io.github.auroradist.mesos.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

class MasterDetectorTest {
  @Test
  void acceptsHostPortAndHttpForms() {
    assertThat(MasterDetector.create("master1:5050").leader()).contains(URI.create("http://master1:5050"));
    assertThat(MasterDetector.create("http://10.0.0.1:5050").leader()).contains(URI.create("http://10.0.0.1:5050"));
    assertThat(MasterDetector.create("https://m.example:5443/").leader())
        .contains(URI.create("https://m.example:5443"));
  }

  @Test
  void refusesMalformedAddressesWithTheAcceptedForms() {
    assertThatThrownBy(() -> MasterDetector.create("")).hasMessageContaining("zk://host:port/mesos");
    assertThatThrownBy(() -> MasterDetector.create("master1")).hasMessageContaining("'master1'")
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> MasterDetector.create("ftp://m:21")).hasMessageContaining("http://host:port");
    assertThatThrownBy(() -> MasterDetector.create("zk://zk1:2181")).hasMessageContaining("zk://host:port");
    assertThatThrownBy(() -> MasterDetector.create("zk://zk1/mesos")).hasMessageContaining("needs a host and a port");
    assertThatThrownBy(() -> MasterDetector.create("zk://zk1:2181,/mesos"))
        .hasMessageContaining("needs a host and a port");
    assertThatThrownBy(() -> MasterDetector.create("zk://u:p@zk1:2181/mesos")).hasMessageContaining("credentials");
  }

  @Test
  void parsesZooKeeperEnsembleAndPath() {
    ZooKeeperMasterDetector d = (ZooKeeperMasterDetector) MasterDetector.create("zk://a:2181,b:2182/mesos/prod");
    assertThat(d.ensemble()).isEqualTo("a:2181,b:2182");
    assertThat(d.path()).isEqualTo("/mesos/prod");
    assertThat(d.describe()).isEqualTo("zk://a:2181,b:2182/mesos/prod");
  }

  @Test
  void followsTheLowestJsonInfoNodeInZooKeeper() throws Exception {
    try (TestingServer zk = new TestingServer();
        CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      client.start();
      client.create().creatingParentsIfNeeded().forPath("/mesos");
      // Mesos also writes log_replicas and info_ (protobuf) nodes; only json.info_ counts.
      client.create().forPath("/mesos/log_replicas", new byte[0]);
      try (MasterDetector detector = MasterDetector.create("zk://" + zk.getConnectString() + "/mesos")) {
        detector.start();
        assertThat(detector.leader()).isEmpty();

        String first = client.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
            .forPath("/mesos/json.info_", masterJson("m1.example", "10.0.0.1", 5050));
        client.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
            .forPath("/mesos/json.info_", masterJson("m2.example", "10.0.0.2", 5051));
        await().atMost(Duration.ofSeconds(10))
            .until(() -> detector.leader().equals(java.util.Optional.of(URI.create("http://m1.example:5050"))));

        client.delete().forPath(first);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> detector.leader().equals(java.util.Optional.of(URI.create("http://m2.example:5051"))));
      }
    }
  }

  @Test
  void readsLegacyPackedIpWhenThereIsNoAddress() throws Exception {
    try (TestingServer zk = new TestingServer();
        CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      client.start();
      // ip is the IPv4 address in network byte order read as a little-endian uint32: 127.0.0.1.
      String json = "{\"id\":\"x\",\"ip\":16777343,\"port\":5050}";
      client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
          .forPath("/m/json.info_", json.getBytes(StandardCharsets.UTF_8));
      try (MasterDetector detector = MasterDetector.create("zk://" + zk.getConnectString() + "/m")) {
        detector.start();
        assertThat(detector.awaitLeader(Duration.ofSeconds(10))).contains(URI.create("http://127.0.0.1:5050"));
      }
    }
  }

  static byte[] masterJson(String hostname, String ip, int port) {
    return ("{\"id\":\"" + hostname + "-id\",\"ip\":0,\"port\":" + port + ",\"hostname\":\"" + hostname
        + "\",\"address\":{\"hostname\":\"" + hostname + "\",\"ip\":\"" + ip + "\",\"port\":" + port
        + "},\"version\":\"1.11.0\"}").getBytes(StandardCharsets.UTF_8);
  }
}
