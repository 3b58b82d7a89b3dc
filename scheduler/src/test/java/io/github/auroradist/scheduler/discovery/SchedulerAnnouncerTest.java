package io.github.auroradist.scheduler.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
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
}
