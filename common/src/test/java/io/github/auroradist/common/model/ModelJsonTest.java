package io.github.auroradist.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelJsonTest {
  static TaskConfig config() {
    return new TaskConfig(new JobKey("www-data", "prod", "hello"), new Identity("www-data"),
        new Resources(0.5, 128, 256, 0, Set.of("http", "health")),
        List.of(Constraint.value("rack", false, "a", "b"), Constraint.limit("host", 1)),
        true, false, 0, "preemptible", 1, "team@example.com", List.of(new Metadata("k", "v")),
        new ExecutorConfig(ExecutorConfig.THERMOS, "{\"task\": {\"name\": \"hello\"}}"));
  }

  /** Quotas stored (and sent by clients) before GPUs were counted have no gpus field: none. */
  @Test
  void resourceAggregatesWithoutGpusReadAsNone() {
    assertThat(ModelJson.read("{\"cpu\": 2.0, \"ramMb\": 1024, \"diskMb\": 2048}", ResourceAggregate.class))
        .isEqualTo(new ResourceAggregate(2.0, 1024, 2048, 0));
    ResourceAggregate withGpus = new ResourceAggregate(2.0, 1024, 2048, 1);
    assertThat(ModelJson.read(ModelJson.write(withGpus), ResourceAggregate.class)).isEqualTo(withGpus);
    assertThat(new ResourceAggregate(1, 1, 1, 2).fitsIn(withGpus)).isFalse();
  }

  @Test
  void scheduledTaskRoundTripsThroughJson() {
    AssignedTask assigned = new AssignedTask("www-data-prod-hello-0-abc", "agent-1", "host1", config(),
        Map.of("http", 31000, "health", 31001), 0);
    ScheduledTask task = new ScheduledTask(assigned, ScheduleStatus.RUNNING, 2,
        List.of(new TaskEvent(1000, ScheduleStatus.PENDING, null, "sched1"),
            new TaskEvent(2000, ScheduleStatus.RUNNING, "up", "sched1")), null);
    String json = ModelJson.write(task);
    assertThat(ModelJson.read(json, ScheduledTask.class)).isEqualTo(task);
  }

  @Test
  void jsonUsesDocumentedFieldNamesAndKeepsExecutorDataAsString() throws Exception {
    JsonNode node = ModelJson.mapper().readTree(ModelJson.write(config()));
    assertThat(node.get("isService").asBoolean()).isTrue();
    assertThat(node.has("service")).isFalse();
    assertThat(node.get("executorConfig").get("data").isTextual()).isTrue();
    assertThat(node.get("job").get("environment").asText()).isEqualTo("prod");
    assertThat(node.get("resources").get("namedPorts")).hasSize(2);
    assertThat(node.get("constraints").get(1).has("value")).isFalse();
    JobConfiguration job = new JobConfiguration(config().job(), config().owner(), null, null, 3, config());
    JsonNode jobNode = ModelJson.mapper().readTree(ModelJson.write(job));
    assertThat(jobNode.has("cron")).isFalse();
    assertThat(ModelJson.read(ModelJson.write(job), JobConfiguration.class)).isEqualTo(job);
  }

  @Test
  void unknownFieldsAreRefused() {
    assertThatThrownBy(() -> ModelJson.read("{\"role\":\"a\",\"environment\":\"b\",\"name\":\"c\",\"x\":1}",
        JobKey.class)).hasMessageContaining("\"x\"");
  }

  @Test
  void jobKeyPartsAreValidated() {
    assertThat(JobKey.parse("www-data/prod/hello.world_1")).isEqualTo(new JobKey("www-data", "prod", "hello.world_1"));
    assertThatThrownBy(() -> new JobKey("www data", "prod", "x")).hasMessageContaining("role 'www data'");
    assertThatThrownBy(() -> new JobKey("r", "", "x")).hasMessageContaining("environment is missing");
    assertThatThrownBy(() -> JobKey.parse("r/e")).hasMessageContaining("role/environment/name");
    assertThatThrownBy(() -> ModelJson.read("{\"role\":\"a/b\",\"environment\":\"b\",\"name\":\"c\"}", JobKey.class))
        .hasMessageContaining("role 'a/b'");
  }

  @Test
  void constraintsParseTheAuroraForms() {
    assertThat(Constraint.parse("rack", "a, b")).isEqualTo(Constraint.value("rack", false, "a", "b"));
    assertThat(Constraint.parse("host", "!h1")).isEqualTo(Constraint.value("host", true, "h1"));
    assertThat(Constraint.parse("host", "limit:2")).isEqualTo(Constraint.limit("host", 2));
    assertThat(Constraint.parse("dedicated", "www-data/x").isDedicated()).isTrue();
    assertThatThrownBy(() -> Constraint.parse("host", "limit:x")).hasMessageContaining("limit:N");
    assertThatThrownBy(() -> Constraint.parse("host", "limit:0")).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new Constraint("host", null, null)).hasMessageContaining("exactly one");
  }

  @Test
  void activeAndTerminalSetsPartitionStoredStates() {
    for (ScheduleStatus s : ScheduleStatus.values()) {
      if (s == ScheduleStatus.INIT) {
        assertThat(s.isActive() || s.isTerminal()).isFalse();
      } else {
        assertThat(s.isActive()).as(s.name()).isNotEqualTo(s.isTerminal());
      }
    }
    assertThat(ScheduleStatus.TERMINAL).containsExactlyInAnyOrder(ScheduleStatus.FINISHED, ScheduleStatus.FAILED,
        ScheduleStatus.KILLED, ScheduleStatus.LOST);
  }

  @Test
  void executorTaskDataRoundTripsAndToleratesNewFields() throws Exception {
    AssignedTask assigned = new AssignedTask("www-data-prod-hello-2-abc", "agent-1", "host1", config(),
        Map.of("http", 31000), 2);
    ExecutorTaskData data = ExecutorTaskData.of(assigned, "devcluster");
    assertThat(data.jobName()).isEqualTo("hello");
    assertThat(data.user()).isEqualTo("www-data");
    assertThat(data.executorData()).isEqualTo("{\"task\": {\"name\": \"hello\"}}");
    assertThat(ExecutorTaskData.fromJson(data.toJson())).isEqualTo(data);
    JsonNode node = ModelJson.mapper().readTree(data.toJson());
    assertThat(node.get("assignedPorts").get("http").asInt()).isEqualTo(31000);
    assertThat(node.get("formatVersion").asInt()).isEqualTo(1);
    ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("addedLater", 1);
    assertThat(ExecutorTaskData.fromJson(ModelJson.mapper().writeValueAsBytes(node))).isEqualTo(data);
    assertThatThrownBy(() -> ExecutorTaskData.fromJson("run".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessageContaining("not the scheduler's JSON task format");
  }
}
