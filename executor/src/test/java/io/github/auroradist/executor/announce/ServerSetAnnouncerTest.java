package io.github.auroradist.executor.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.common.discovery.ServerSetMember;
import io.github.auroradist.common.discovery.ServerSetMember.Endpoint;
import io.github.auroradist.common.thermos.config.AnnouncerConfig;
import io.github.auroradist.common.thermos.config.TaskPorts;
import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServerSetAnnouncerTest {
  private static final String GROUP = "/aurora/www-data/prod/hello";
  TestingServer zk;
  CuratorFramework reader;

  @BeforeEach
  void setUp() throws Exception {
    zk = new TestingServer(true);
    reader = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
    reader.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    reader.close();
    zk.close();
  }

  private List<String> members() throws Exception {
    return reader.checkExists().forPath(GROUP) == null ? List.of() : reader.getChildren().forPath(GROUP);
  }

  @Test
  void announcesMemberJsonAndReannouncesAfterSessionExpiry() throws Exception {
    AnnouncerConfig config = new AnnouncerConfig("http", Map.of("aurora", "http", "admin", "admin"), null);
    String path = ServerSetAnnouncer.groupPath("/aurora", config, "www-data", "prod", "hello");
    assertThat(path).isEqualTo(GROUP);
    try (ServerSetAnnouncer announcer = ServerSetAnnouncer.start(zk.getConnectString(), path, "host-1", 3,
        config, TaskPorts.resolve(config.portmap(), Map.of("http", 31000, "admin", 31001, "health", 31002)), 5000,
        ZooKeeperAuth.NONE)) {
      assertThat(announcer.awaitAnnounced(10, TimeUnit.SECONDS)).isTrue();
      List<String> first = members();
      assertThat(first).hasSize(1);
      assertThat(first.get(0)).startsWith("member_");
      byte[] data = reader.getData().forPath(GROUP + "/" + first.get(0));
      // Aurora's member JSON, read back by the one codec the project has for it.
      Endpoint http = new Endpoint("host-1", 31000);
      assertThat(ServerSetMember.parse(data)).contains(new ServerSetMember(http, Map.of("http", http,
          "aurora", http, "admin", new Endpoint("host-1", 31001), "health", new Endpoint("host-1", 31002)),
          "ALIVE", 3));
      JsonNode json = new ObjectMapper().readTree(data);
      assertThat(json.path("serviceEndpoint").path("host").asText()).isEqualTo("host-1");
      assertThat(json.path("serviceEndpoint").path("port").asInt()).isEqualTo(31000);
      assertThat(json.path("additionalEndpoints").path("aurora").path("port").asInt()).isEqualTo(31000);
      assertThat(json.path("additionalEndpoints").path("admin").path("port").asInt()).isEqualTo(31001);
      assertThat(json.path("additionalEndpoints").path("health").path("port").asInt()).isEqualTo(31002);
      assertThat(json.path("status").asText()).isEqualTo("ALIVE");
      assertThat(json.path("shard").asInt()).isEqualTo(3);
      long owner = reader.checkExists().forPath(GROUP + "/" + first.get(0)).getEphemeralOwner();
      assertThat(owner).isNotZero();

      // The expired session's node vanishes; the announcer puts the member back under its new session.
      expireSession(announcer.curator());
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        List<String> now = members();
        if (now.size() != 1) {
          return false;
        }
        var stat = reader.checkExists().forPath(GROUP + "/" + now.get(0));
        return stat != null && stat.getEphemeralOwner() != owner && stat.getEphemeralOwner() != 0;
      });
      String again = members().get(0);
      assertThat(new ObjectMapper().readTree(reader.getData().forPath(GROUP + "/" + again)).path("shard").asInt())
          .isEqualTo(3);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> members().isEmpty());
  }

  @Test
  void zkPathOverridesTheDefaultGroup() {
    AnnouncerConfig config = new AnnouncerConfig(null, null, "/custom/path");
    assertThat(ServerSetAnnouncer.groupPath("/aurora", config, "r", "e", "j")).isEqualTo("/custom/path");
    assertThat(config.primaryPort()).isEqualTo("http");
    assertThat(config.portmap()).containsEntry("aurora", "http");
  }

  @Test
  void unknownPrimaryPortIsAClearError() {
    AnnouncerConfig config = new AnnouncerConfig("web", null, null);
    TaskPorts ports = TaskPorts.resolve(config.portmap(), Map.of("http", 1));
    assertThatThrownBy(() -> ServerSetAnnouncer.member("h", 0, config, ports))
        .hasMessageContaining("'web'").hasMessageContaining("thermos.ports[web]");
  }

  /** Closes a second connection to the same session, which makes the server expire it. */
  private static void expireSession(CuratorFramework curator) throws Exception {
    ZooKeeper original = curator.getZookeeperClient().getZooKeeper();
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper twin = new ZooKeeper(curator.getZookeeperClient().getCurrentConnectionString(), 5000, event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    }, original.getSessionId(), original.getSessionPasswd());
    assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
    twin.close();
  }
}
