package io.github.auroradist.emulator.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;

/** A master given {@code zk://user:password@...} protects its nodes as a Mesos master does. */
class MasterGroupAclTest {
  @Test
  void credentialsInTheAddressMakeTheMasterNodesReadOnlyForOthers() throws Exception {
    try (TestingServer zk = new TestingServer(true);
         CuratorFramework stranger = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
         CuratorFramework owner = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
             .retryPolicy(new RetryOneTime(100))
             .authorization("digest", "mesos:secret".getBytes(StandardCharsets.UTF_8)).build();
         MasterGroup group = MasterGroup.connect(ZkAddress.parse("zk://mesos:secret@" + zk.getConnectString()
             + "/mesos"), 5000);
         MasterGroup watcher = MasterGroup.connect(ZkAddress.parse("zk://" + zk.getConnectString() + "/mesos"),
             5000)) {
      stranger.start();
      owner.start();
      group.contend(MasterInfo.newBuilder().setId("m1").setIp(0x7f000001).setPort(5050).setHostname("localhost")
          .build());
      await().atMost(Duration.ofSeconds(20)).until(group::isLeader);
      // Others, without credentials, still find the leading master.
      await().atMost(Duration.ofSeconds(20)).until(() -> watcher.leader().isPresent());
      assertThat(watcher.leader().get().info().getId()).isEqualTo("m1");

      String node = "/mesos/" + stranger.getChildren().forPath("/mesos").get(0);
      List<ACL> expected = List.of(new ACL(ZooDefs.Perms.READ, new Id("world", "anyone")),
          new ACL(ZooDefs.Perms.ALL, new Id("digest", ZooKeeperAuth.digestIdentity("mesos:secret"))));
      // ZooKeeper shows digest ids only to a client with the rights on the node: the ACL's identity.
      assertThat(owner.getACL().forPath(node)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(owner.getACL().forPath("/mesos")).containsExactlyInAnyOrderElementsOf(expected);
      assertThatThrownBy(() -> stranger.delete().forPath(node)).isInstanceOf(KeeperException.NoAuthException.class);
      assertThatThrownBy(() -> stranger.create().forPath("/mesos/json.info_0000000000", new byte[0]))
          .isInstanceOf(KeeperException.NoAuthException.class);
    }
  }

  @Test
  void addressesKeepTheirCredentialsOutOfMessages() {
    ZkAddress address = ZkAddress.parse("zk://mesos:secret@zk1:2181,zk2:2181/mesos");
    assertThat(address.connectString()).isEqualTo("zk1:2181,zk2:2181");
    assertThat(address.path()).isEqualTo("/mesos");
    assertThat(address.auth().protects()).isTrue();
    assertThat(address.toString()).doesNotContain("secret");
    assertThat(ZkAddress.parse("zk://zk1:2181/mesos").auth()).isEqualTo(ZooKeeperAuth.NONE);
    assertThatThrownBy(() -> ZkAddress.parse("zk://mesos@zk1:2181/mesos"))
        .hasMessageContaining("must be user:password");
    assertThatThrownBy(() -> ZkAddress.parse("zk://mesos:secret@zk1:2181"))
        .hasMessageContaining("zk://mesos:***@zk1:2181").hasMessageNotContaining("secret");
  }
}
