package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LaunchedTaskTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheSchedulersExecutorTaskData() {
    // As docs/scheduler.md documents TaskInfo.data.
    LaunchedTask t = LaunchedTask.parse(bytes("""
        {"formatVersion": 1, "taskId": "www-data-prod-hello-0-abc", "instanceId": 2, "role": "www-data",
         "environment": "prod", "jobName": "hello", "user": "svc", "cluster": "devcluster",
         "agentHost": "worker1", "assignedPorts": {"health": 31001, "http": 31000},
         "resources": {"cpu": 0.5}, "executorName": "AuroraExecutor",
         "executorData": "{\\"task\\": {\\"processes\\": []}}"}
        """), "mesos-id", "fallback-host");
    assertThat(t.taskId()).isEqualTo("www-data-prod-hello-0-abc");
    assertThat(t.instanceId()).isEqualTo(2);
    assertThat(t.role()).isEqualTo("www-data");
    assertThat(t.user()).isEqualTo("svc");
    assertThat(t.agentHost()).isEqualTo("worker1");
    assertThat(t.assignedPorts()).containsEntry("health", 31001).containsEntry("http", 31000);
    assertThat(t.executorData()).isEqualTo("{\"task\": {\"processes\": []}}");
  }

  @Test
  void readsAnAssignedTaskAndTheBareThermosJson() {
    LaunchedTask assigned = LaunchedTask.parse(bytes("""
        {"taskId": "t", "instanceId": 1, "assignedPorts": {},
         "task": {"job": {"role": "r", "environment": "e", "name": "j"}, "owner": {"user": "u"},
                  "executorConfig": {"name": "AuroraExecutor", "data": "{}"}}}
        """), "mesos-id", "host");
    assertThat(assigned.role()).isEqualTo("r");
    assertThat(assigned.user()).isEqualTo("u");
    assertThat(assigned.jobName()).isEqualTo("j");
    assertThat(assigned.agentHost()).isEqualTo("host");

    LaunchedTask bare = LaunchedTask.parse(bytes(
        "{\"role\": \"r\", \"environment\": \"e\", \"name\": \"j\", \"instance\": 4, \"task\": {\"processes\": []}}"),
        "mesos-id", "host");
    assertThat(bare.taskId()).isEqualTo("mesos-id");
    assertThat(bare.instanceId()).isEqualTo(4);
    assertThat(bare.user()).isEqualTo("r");
  }

  @Test
  void badDataIsExplained() {
    assertThatThrownBy(() -> LaunchedTask.parse(new byte[0], "t", "h")).hasMessageContaining("no data");
    assertThatThrownBy(() -> LaunchedTask.parse(bytes("not json"), "t", "h")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> LaunchedTask.parse(bytes("{\"taskId\": \"t\"}"), "t", "h"))
        .hasMessageContaining("no Thermos configuration");
    byte[] portNotANumber = bytes("{\"assignedPorts\": {\"http\": \"x\"}, \"executorData\": \"{}\"}");
    assertThatThrownBy(() -> LaunchedTask.parse(portNotANumber, "t", "h")).hasMessageContaining("'http'");
  }
}
