package io.github.auroradist.mesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorEnvironmentTest {
  private static Map<String, String> agentEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("MESOS_AGENT_ENDPOINT", "10.0.0.5:5051");
    env.put("MESOS_FRAMEWORK_ID", "fw-1");
    env.put("MESOS_EXECUTOR_ID", "thermos-a");
    env.put("MESOS_SLAVE_ID", "agent-1");
    env.put("MESOS_SANDBOX", "/var/lib/mesos/slaves/agent-1/run");
    env.put("MESOS_CHECKPOINT", "1");
    env.put("MESOS_RECOVERY_TIMEOUT", "15mins");
    env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs");
    return env;
  }

  @Test
  void readsWhatTheAgentSets() {
    ExecutorEnvironment env = ExecutorEnvironment.fromEnvironment(agentEnvironment());
    assertThat(env.agentEndpoint()).isEqualTo(URI.create("http://10.0.0.5:5051"));
    assertThat(env.frameworkId().getValue()).isEqualTo("fw-1");
    assertThat(env.executorId().getValue()).isEqualTo("thermos-a");
    assertThat(env.agentId().getValue()).isEqualTo("agent-1");
    assertThat(env.directory()).isEqualTo(Path.of("/var/lib/mesos/slaves/agent-1/run"));
    assertThat(env.checkpoint()).isTrue();
    assertThat(env.recoveryTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(env.subscriptionBackoffMax()).isEqualTo(Duration.ofSeconds(2));
    assertThat(env.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void namesTheMissingVariable() {
    Map<String, String> env = agentEnvironment();
    env.remove("MESOS_FRAMEWORK_ID");
    assertThatThrownBy(() -> ExecutorEnvironment.fromEnvironment(env))
        .hasMessageStartingWith("MESOS_FRAMEWORK_ID is not set").hasMessageContaining("Mesos agent");
  }

  @Test
  void namesTheMalformedVariable() {
    Map<String, String> env = agentEnvironment();
    env.put("MESOS_RECOVERY_TIMEOUT", "soon");
    assertThatThrownBy(() -> ExecutorEnvironment.fromEnvironment(env))
        .hasMessageStartingWith("MESOS_RECOVERY_TIMEOUT: 'soon'");
  }
}
