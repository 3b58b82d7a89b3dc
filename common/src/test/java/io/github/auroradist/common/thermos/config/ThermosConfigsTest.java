package io.github.auroradist.common.thermos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThermosConfigsTest {
  // Shaped like the JSON Aurora's client writes for a MesosTaskInstance (Pystachio json_dumps).
  private static final String HELLO = """
      {
        "environment": "prod", "role": "www-data", "name": "hello", "cluster": "devcluster",
        "instance": 0,
        "announce": {"primary_port": "http", "portmap": {"aurora": "{{primary_port}}"}},
        "health_check_config": {"initial_interval_secs": 2, "interval_secs": 1.5,
           "health_checker": {"http": {"endpoint": "/health", "expected_response": "ok",
                                       "expected_response_code": 0}}},
        "task": {
          "name": "hello_task",
          "finalization_wait": 12,
          "max_concurrency": 2,
          "resources": {"cpu": 0.5, "ram": 134217728, "disk": 67108864},
          "constraints": [{"order": ["install", "serve"]}],
          "processes": [
            {"name": "install", "cmdline": "echo {{name}} on {{mesos.hostname}} for {{role}}",
             "max_failures": 3, "min_duration": 1},
            {"name": "serve", "daemon": true,
             "cmdline": "serve --port={{thermos.ports[http]}} --id={{thermos.task_id}} \
      --shard={{mesos.instance}} --task={{task.name}} --user={{thermos.user}}",
             "logger": {"destination": "both", "mode": "rotate", "rotate": {"log_size": 1024, "backups": 2}}}
          ]
        }
      }
      """;

  private static Map<String, Object> bindings() {
    return TemplateBinder.executorBindings(3, "agent-1.example", Map.of("http", 31337, "health", 31338),
        "www-data-prod-hello-3-abc", "www-data");
  }

  @Test
  void bindsExecutorNamespacesAndTheJobsOwnFields() {
    TaskInstanceConfig config = ThermosConfigs.bindAndParse(HELLO, bindings());
    TaskConfig task = config.task();
    assertThat(task.name()).isEqualTo("hello_task");
    // {{name}} inside a process is the nearest scope's name: the process.
    assertThat(task.processes().get(0).cmdline()).isEqualTo("echo install on agent-1.example for www-data");
    assertThat(task.processes().get(1).cmdline()).isEqualTo(
        "serve --port=31337 --id=www-data-prod-hello-3-abc --shard=3 --task=hello_task --user=www-data");
    assertThat(config.announcer().orElseThrow().portmap()).containsEntry("aurora", "http");
  }

  @Test
  void readsFieldsAndAppliesAuroraDefaults() {
    TaskInstanceConfig config = ThermosConfigs.bindAndParse(HELLO, bindings());
    TaskConfig task = config.task();
    assertThat(task.maxConcurrency()).isEqualTo(2);
    assertThat(task.finalizationWait()).isEqualTo(12);
    assertThat(task.maxFailures()).isEqualTo(1);
    assertThat(task.resources().ram()).isEqualTo(134217728L);
    ProcessConfig install = task.processes().get(0);
    assertThat(install.maxFailures()).isEqualTo(3);
    assertThat(install.minDuration()).isEqualTo(1);
    assertThat(install.daemon()).isFalse();
    assertThat(install.logger()).isNull();
    ProcessConfig serve = task.processes().get(1);
    assertThat(serve.daemon()).isTrue();
    assertThat(serve.minDuration()).isEqualTo(5);
    assertThat(serve.logger().modeKind()).isEqualTo(LoggerConfig.Mode.ROTATE);
    assertThat(serve.logger().destinationKind()).isEqualTo(LoggerConfig.Destination.BOTH);
    assertThat(serve.logger().rotate().logSize()).isEqualTo(1024L);
    assertThat(serve.logger().rotate().backups()).isEqualTo(2);
    HealthCheckConfig health = config.healthCheckConfig();
    assertThat(health.initialIntervalSecs()).isEqualTo(2.0);
    assertThat(health.intervalSecs()).isEqualTo(1.5);
    assertThat(health.timeoutSecs()).isEqualTo(1.0);
    assertThat(health.minConsecutiveSuccesses()).isEqualTo(1);
    assertThat(health.healthChecker().shellCommand()).isEmpty();
    HttpLifecycleConfig lifecycle = config.lifecycle().httpLifecycle().orElseThrow();
    assertThat(lifecycle.port()).isEqualTo("health");
    assertThat(lifecycle.gracefulShutdownEndpoint()).isEqualTo("/quitquitquit");
    assertThat(lifecycle.shutdownEndpoint()).isEqualTo("/abortabortabort");
    assertThat(lifecycle.gracefulShutdownWaitSecs()).isEqualTo(5);
  }

  @Test
  void numericFieldsMayBeTemplated() {
    String json = """
        {"role": "r", "retries": 4, "task": {"name": "t", "processes": [
          {"name": "p", "cmdline": "true", "max_failures": "{{retries}}"}]}}
        """;
    assertThat(ThermosConfigs.bindAndParse(json, bindings()).task().processes().get(0).maxFailures())
        .isEqualTo(4);
  }

  @Test
  void unboundReferencesAreNamedInTheError() {
    String json = """
        {"role": "r", "task": {"name": "t", "processes": [
          {"name": "p", "cmdline": "run {{profile.version}} on {{thermos.ports[admin]}}"}]}}
        """;
    assertThatThrownBy(() -> ThermosConfigs.bindAndParse(json, bindings()))
        .isInstanceOf(UnboundReferenceException.class)
        .hasMessageContaining("{{profile.version}}")
        .hasMessageContaining("{{thermos.ports[admin]}}")
        .hasMessageContaining("task.processes[0].cmdline")
        .satisfies(e -> assertThat(((UnboundReferenceException) e).references()).hasSize(2));
  }

  @Test
  void selfReferenceIsReportedAsACycle() {
    String json = """
        {"role": "{{environment}}", "environment": "{{role}}", "task": {"name": "t", "processes": [
          {"name": "p", "cmdline": "echo {{role}}"}]}}
        """;
    assertThatThrownBy(() -> ThermosConfigs.bindAndParse(json, bindings()))
        .hasMessageContaining("cycle");
  }

  @Test
  void aFieldReferringToItsOwnNameLooksOutwards() {
    String json = """
        {"name": "hello", "task": {"name": "{{name}}_task", "processes": [
          {"name": "p", "cmdline": "echo {{task.name}}"}]}}
        """;
    TaskConfig task = ThermosConfigs.bindAndParse(json, bindings()).task();
    assertThat(task.name()).isEqualTo("hello_task");
    assertThat(task.processes().get(0).cmdline()).isEqualTo("echo hello_task");
  }

  @Test
  void orderingCyclesAreRejected() {
    TaskConfig task = TaskConfig.of("t",
        List.of(ProcessConfig.of("a", "true"), ProcessConfig.of("b", "true"), ProcessConfig.of("c", "true")),
        List.of(new OrderConstraint(List.of("a", "b")), new OrderConstraint(List.of("b", "c")),
            new OrderConstraint(List.of("c", "a"))));
    assertThatThrownBy(() -> ThermosConfigs.validate(task))
        .hasMessageContaining("cycle").hasMessageContaining("a").hasMessageContaining("c");
  }

  @Test
  void badTasksGetClearErrors() {
    assertThatThrownBy(() -> ThermosConfigs.validate(TaskConfig.of("t",
        List.of(ProcessConfig.of("a", "true"), ProcessConfig.of("a", "false")), List.of())))
        .hasMessageContaining("two processes named 'a'");
    assertThatThrownBy(() -> ThermosConfigs.validate(TaskConfig.of("t",
        List.of(ProcessConfig.of("a", "true")), List.of(new OrderConstraint(List.of("a", "zz"))))))
        .hasMessageContaining("'zz'");
    assertThatThrownBy(() -> ThermosConfigs.validate(TaskConfig.of("t",
        List.of(ProcessConfig.of("a", "true"), ProcessConfig.of("f", "true").asFinal()),
        List.of(new OrderConstraint(List.of("a", "f"))))))
        .hasMessageContaining("final");
    assertThatThrownBy(() -> ThermosConfigs.validate(TaskConfig.of("t",
        List.of(ProcessConfig.of("a", " ")), List.of())))
        .hasMessageContaining("no cmdline");
    assertThatThrownBy(() -> ThermosConfigs.bindAndParse("[1]", bindings()))
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> ThermosConfigs.bindAndParse("{\"role\": 1}", bindings()))
        .hasMessageContaining("no 'task'");
    assertThatThrownBy(() -> ThermosConfigs.bindAndParse(
        "{\"task\": {\"processes\": [{\"name\": \"p\", \"cmdline\": \"x\", \"logger\": {\"mode\": \"weird\"}}]}}",
        bindings()))
        .hasMessageContaining("mode 'weird'");
  }

  @Test
  void taskNameDefaultsToFirstProcess() {
    TaskConfig task = ThermosConfigs.bindAndParse(
        "{\"task\": {\"processes\": [{\"name\": \"first\", \"cmdline\": \"x\"}]}}", bindings()).task();
    assertThat(task.name()).isEqualTo("first");
  }

  @Test
  void lifecycleWithoutHttpTurnsEndpointsOff() {
    TaskInstanceConfig config = ThermosConfigs.bindAndParse(
        "{\"lifecycle\": {}, \"task\": {\"processes\": [{\"name\": \"p\", \"cmdline\": \"x\"}]}}", bindings());
    assertThat(config.lifecycle().httpLifecycle()).isEmpty();
  }
}
