package io.github.auroradist.observer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.executor.testing.ExecutorCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole worker path: the scheduler (in this JVM) takes a 2-instance job, the Mesos emulator's
 * agent starts the real thermos_executor as its own JVM for each task, and the observer, pointed
 * at the agent's work directory, lists both tasks with their bound ports, live processes and logs.
 */
class ClusterObserverEndToEndTest {
  @TempDir Path dir;

  @Test
  void theObserverListsBothInstancesOfAJobRunUnderThermos() throws Exception {
    try (ExecutorCluster cluster = ExecutorCluster.start(dir);
        // As in production: --mesos-root is the agent's --work_dir.
        RunningObserver observer = RunningObserver.start(cluster.agentWorkDir(), Duration.ofMillis(500))) {
      cluster.createJob("hello", 2, ExecutorCluster.thermos("hello", "hello",
          "echo instance {{mesos.instance}} port {{thermos.ports[http]}}; exec sleep 600"));
      List<String> ids = new ArrayList<>();
      Map<String, Integer> ports = new TreeMap<>();
      for (JsonNode t : cluster.awaitRunning("hello", 2)) {
        ids.add(t.get("taskId").asText());
        ports.put(t.get("taskId").asText(), t.get("assignedPorts").get("http").asInt());
      }

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(observer.json("/j/task_ids").path("active").toString()).contains(ids.get(0), ids.get(1)));
      String list = observer.ok("/main/active");
      assertThat(list).contains(ids.get(0), ids.get(1), "www-data/devel/hello/0", "www-data/devel/hello/1");

      for (String id : ids) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          JsonNode task = observer.json("/j/task/" + id);
          assertThat(task.path("state").asText()).isEqualTo("ACTIVE");
          assertThat(task.path("ports").path("http").asInt()).isEqualTo(ports.get(id));
          assertThat(task.path("processes").path("hello").path("state").asText()).isEqualTo("RUNNING");
          assertThat(task.path("resources").path("used").path("processes")).hasSize(1);
          assertThat(observer.ok("/logs/" + id + "/hello/0/stdout")).contains("port " + ports.get(id));
        });
        assertThat(observer.ok("/task/" + id)).contains("RUNNING", "http: " + ports.get(id));
        assertThat(observer.ok("/browse/" + id)).contains(".logs/");
      }
    }
  }
}
