package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.executor.testing.AgainstExecutorCluster;
import io.github.auroradist.executor.testing.ExecutorCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The whole path: the scheduler (in this JVM) takes a 2-instance job, offers come from the Mesos
 * emulator, the emulator's agent starts this executor as its own JVM for each task, the tasks
 * reach RUNNING, and both checkpoints can be read from the agent's work directory the way the
 * observer reads them. (The observer's own end-to-end test lives in the observer module, which
 * depends on this one and shares its {@link ExecutorCluster}.)
 */
class ClusterEndToEndTest extends AgainstExecutorCluster {
  /** A job shaped as Aurora's client writes it for Announcer(portmap={'alias': 'http'}). */
  @Test
  void anAnnouncerAliasBindsToThePortItLeadsTo() throws Exception {
    ObjectNode thermos = ExecutorCluster.thermos("aliased", "echo",
        "echo alias {{thermos.ports[alias]}} http {{thermos.ports[http]}}; exec sleep 600");
    thermos.putObject("announce").put("primary_port", "http").putObject("portmap")
        .put("aurora", "{{primary_port}}").put("alias", "http");
    // The client asks for the ports aliases lead to, never for the aliases themselves.
    cluster.createJob("aliased", 1, thermos);

    JsonNode assigned = cluster.awaitRunning("aliased", 1).get(0);
    int http = assigned.get("assignedPorts").get("http").asInt();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      try (var files = Files.walk(cluster.mesosDir())) {
        var stdout = files.filter(p -> p.endsWith(Path.of("sandbox", ".logs", "echo", "0", "stdout"))
            && p.toString().contains("thermos-" + assigned.get("taskId").asText())).findFirst();
        assertThat(stdout).as("the process's stdout").isPresent();
        assertThat(Files.readString(stdout.get())).isEqualTo("alias " + http + " http " + http + "\n");
      }
    });
  }

  @Test
  void aTwoInstanceJobRunsUnderThermosWithCheckpointsForBoth() throws Exception {
    cluster.createJob("hello", 2, ExecutorCluster.thermos("hello", "hello",
        "echo instance {{mesos.instance}} port {{thermos.ports[http]}}; exec sleep 600"));
    List<String> taskIds = new ArrayList<>();
    Map<String, Integer> ports = new TreeMap<>();
    for (JsonNode t : cluster.awaitRunning("hello", 2)) {
      taskIds.add(t.get("taskId").asText());
      ports.put(t.get("taskId").asText(), t.get("assignedPorts").get("http").asInt());
    }

    // The observer's view: every run directory's checkpoint, found under the agent's work dir.
    Map<String, TaskCheckpoint> checkpoints = new TreeMap<>();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      checkpoints.clear();
      try (var runs = Files.walk(cluster.mesosDir(), 10)) {
        for (Path run : runs.filter(p -> p.getParent() != null && p.getParent().endsWith("runs")
            && !p.endsWith("latest")).toList()) {
          for (Path file : Checkpoints.list(run)) {
            TaskCheckpoint cp = Checkpoints.read(file);
            if (cp.header().jobName().equals("hello")) {
              checkpoints.put(cp.taskId(), cp);
            }
          }
        }
      }
      assertThat(checkpoints.keySet()).containsExactlyInAnyOrderElementsOf(taskIds);
      // A run is checkpointed as forked before its pid is: wait for both.
      for (TaskCheckpoint cp : checkpoints.values()) {
        assertThat(cp.state()).isEqualTo(TaskState.ACTIVE);
        assertThat(cp.header().ports()).containsEntry("http", ports.get(cp.taskId()));
        assertThat(cp.latestRun("hello").orElseThrow().pid()).isNotNull().isPositive();
      }
    });

    // Each instance ran its bound command line in its own sandbox.
    for (String id : taskIds) {
      try (var files = Files.walk(cluster.mesosDir())) {
        Path stdout = files.filter(p -> p.endsWith(Path.of("sandbox", ".logs", "hello", "0", "stdout"))
            && p.toString().contains("thermos-" + id)).findFirst().orElseThrow();
        assertThat(Files.readString(stdout)).contains("port " + ports.get(id));
      }
    }
  }
}
