package io.github.auroradist.emulator.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import io.github.auroradist.emulator.master.MasterServer;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.StateReader;
import io.github.auroradist.mesos.http.MesosContentType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Masters in ZooKeeper the way Mesos keeps them: json.info_ nodes, lowest sequence leads. */
class MasterGroupTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path workDir;

  @Test
  void mastersRegisterElectAndFailOver() throws Exception {
    try (EmulatorCluster cluster = EmulatorCluster.builder(workDir).zooKeeper().masters(2)
            .resources("cpus:1;mem:256").start();
        CuratorFramework client = CuratorFrameworkFactory.newClient(cluster.zkConnectString(), new RetryOneTime(100))) {
      client.start();
      MasterServer first = cluster.masters().get(0);
      MasterServer second = cluster.masters().get(1);
      await().atMost(WAIT).until(() -> client.getChildren().forPath("/mesos").size() == 2);
      List<String> nodes = client.getChildren().forPath("/mesos");
      assertThat(nodes).allMatch(n -> n.matches("json\\.info_\\d{10}"));
      String lowest = nodes.stream().min(String::compareTo).orElseThrow();
      MasterInfo.Builder leaderInfo = MasterInfo.newBuilder();
      JsonFormat.parser().merge(new String(client.getData().forPath("/mesos/" + lowest), StandardCharsets.UTF_8),
          leaderInfo);
      assertThat(leaderInfo.getAddress().getIp()).isEqualTo("127.0.0.1");
      assertThat(leaderInfo.getAddress().getPort()).isEqualTo(first.port());
      assertThat(leaderInfo.getAddress().getHostname()).isEqualTo("localhost");
      assertThat(leaderInfo.getPort()).isEqualTo(first.port());
      assertThat(leaderInfo.getHostname()).isEqualTo("localhost");
      assertThat(first.isLeader()).isTrue();
      assertThat(second.isLeader()).isFalse();

      // A non-leading master redirects schedulers to the leader.
      await().atMost(WAIT).until(() -> SchedulerConnection.post(second.uri(), MesosContentType.JSON,
          subscribeCall(), null).statusCode() == 307);
      HttpResponse<String> redirect = SchedulerConnection.post(second.uri(), MesosContentType.JSON, subscribeCall(),
          null);
      assertThat(redirect.headers().firstValue("Location"))
          .hasValue("//localhost:" + first.port() + "/api/v1/scheduler");

      // The agent, given the zk:// address, registered with the leader, and follows a failover.
      assertThat(StateReader.state(first.uri()).path("slaves")).hasSize(1);
      first.close();
      await().atMost(WAIT).until(second::isLeader);
      await().atMost(WAIT).untilAsserted(() -> assertThat(StateReader.state(second.uri()).path("slaves")).hasSize(1));
      try (SchedulerConnection scheduler = SchedulerConnection.subscribe(second.uri(),
          SchedulerConnection.framework("after-failover").build())) {
        assertThat(scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0).getAgentId().getValue())
            .isEqualTo(cluster.agentId(0));
      }
    }
  }

  private static Call subscribeCall() {
    return Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
        .setFrameworkInfo(SchedulerConnection.framework("redirected"))).build();
  }
}
