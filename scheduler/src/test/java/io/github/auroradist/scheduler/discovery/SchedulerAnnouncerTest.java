package io.github.auroradist.scheduler.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerAnnouncerTest {
  @TempDir
  Path dir;

  @Test
  void schedulerAnnouncesItselfWhileRunningAndWithdrawsOnStop() throws Exception {
    try (TestingServer zk = new TestingServer(true);
         CuratorFramework reader = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      reader.start();
      Scheduler scheduler = SchedulerFixture.start(SchedulerFixture.settings(SchedulerFixture.initializedLog(dir),
          Ports.free(), SchedulerFixture.NO_MESOS, "-zk_endpoints=" + zk.getConnectString(),
          "-serverset_path=/aurora/scheduler"));
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.checkExists().forPath("/aurora/scheduler") != null
            && !reader.getChildren().forPath("/aurora/scheduler").isEmpty());
        List<String> members = reader.getChildren().forPath("/aurora/scheduler");
        assertThat(members).singleElement().asString().startsWith("member_");
        JsonNode member = ModelJson.mapper().readTree(reader.getData().forPath("/aurora/scheduler/" + members.get(0)));
        assertThat(member.get("status").asText()).isEqualTo("ALIVE");
        assertThat(member.get("serviceEndpoint").get("host").asText()).isEqualTo("localhost");
        assertThat(member.get("serviceEndpoint").get("port").asInt()).isEqualTo(scheduler.httpPort());
        assertThat(member.get("additionalEndpoints").get("http").get("port").asInt()).isEqualTo(scheduler.httpPort());
      } finally {
        scheduler.close();
      }
      assertThat(reader.getChildren().forPath("/aurora/scheduler")).isEmpty();
    }
  }

  @Test
  void withAclsOthersMayReadTheServersetButNotChangeIt() throws Exception {
    try (TestingServer zk = new TestingServer(true);
         CuratorFramework stranger = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
         CuratorFramework admin = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
             .retryPolicy(new RetryOneTime(100))
             .authorization("digest", "aurora:secret".getBytes(StandardCharsets.UTF_8)).build()) {
      stranger.start();
      admin.start();
      Scheduler scheduler = SchedulerFixture.start(SchedulerFixture.settings(SchedulerFixture.initializedLog(dir),
          Ports.free(), SchedulerFixture.NO_MESOS, "-zk_endpoints=" + zk.getConnectString(),
          "-serverset_path=/aurora/scheduler", "-zk_digest_credentials=aurora:secret", "-zk_use_acl=true"));
      String member;
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> stranger.checkExists().forPath("/aurora/scheduler") != null
            && !stranger.getChildren().forPath("/aurora/scheduler").isEmpty());
        member = "/aurora/scheduler/" + stranger.getChildren().forPath("/aurora/scheduler").get(0);
        // Readable by anyone: clients find the leader without credentials.
        JsonNode json = ModelJson.mapper().readTree(stranger.getData().forPath(member));
        assertThat(json.get("serviceEndpoint").get("port").asInt()).isEqualTo(scheduler.httpPort());

        List<ACL> expected = List.of(new ACL(ZooDefs.Perms.READ, new Id("world", "anyone")),
            new ACL(ZooDefs.Perms.ALL, new Id("digest", "aurora:ti9YRQsOtDXuKQCAKn7WI3kSWhM=")));
        // ZooKeeper shows digest ids only to a client with the rights on the node: the ACL's identity.
        for (String node : List.of(member, "/aurora/scheduler", "/aurora")) {
          assertThat(admin.getACL().forPath(node)).as(node).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThatThrownBy(() -> stranger.delete().forPath(member)).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.setData().forPath(member, "{}".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.create().forPath("/aurora/scheduler/member_9999999999", new byte[0]))
            .isInstanceOf(KeeperException.NoAuthException.class);
        List<ACL> open = List.of(new ACL(ZooDefs.Perms.ALL, new Id("world", "anyone")));
        assertThatThrownBy(() -> stranger.setACL().withACL(open).forPath(member))
            .isInstanceOf(KeeperException.NoAuthException.class);
        assertThat(stranger.checkExists().forPath(member)).isNotNull();
      } finally {
        scheduler.close();
      }
      // The scheduler itself, authenticated as the identity of the ACL (sha1 as openssl computes it), still withdraws
      // its member.
      assertThat(stranger.checkExists().forPath(member)).isNull();
    }
  }
}
