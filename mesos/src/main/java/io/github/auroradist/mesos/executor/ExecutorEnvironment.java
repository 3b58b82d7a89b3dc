package io.github.auroradist.mesos.executor;

import io.github.auroradist.mesos.MesosDurations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;

/**
 * What a Mesos agent tells the executor it starts, through {@code MESOS_*} environment variables.
 *
 * @param agentEndpoint base URI of the agent, from {@code MESOS_AGENT_ENDPOINT} (ip:port)
 * @param directory the sandbox, from {@code MESOS_SANDBOX} (or {@code MESOS_DIRECTORY})
 * @param checkpoint whether the framework checkpoints: then the executor survives agent restarts
 * @param recoveryTimeout how long to keep trying to reach a restarting agent
 * @param subscriptionBackoffMax the longest pause between subscription attempts
 * @param shutdownGracePeriod how long the agent waits after SHUTDOWN before killing us
 */
public record ExecutorEnvironment(
    URI agentEndpoint,
    FrameworkID frameworkId,
    ExecutorID executorId,
    AgentID agentId,
    Path directory,
    boolean checkpoint,
    Duration recoveryTimeout,
    Duration subscriptionBackoffMax,
    Duration shutdownGracePeriod) {

  public static ExecutorEnvironment fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Reads the variables.
   *
   * @throws IllegalArgumentException naming the missing or malformed variable
   */
  public static ExecutorEnvironment fromEnvironment(Map<String, String> env) {
    String endpoint = required(env, "MESOS_AGENT_ENDPOINT");
    URI agent = URI.create("http://" + endpoint);
    if (agent.getHost() == null || agent.getPort() <= 0) {
      throw new IllegalArgumentException("MESOS_AGENT_ENDPOINT='" + endpoint + "' is not ip:port");
    }
    String agentId = Optional.ofNullable(env.get("MESOS_AGENT_ID")).orElse(env.get("MESOS_SLAVE_ID"));
    String sandbox = Optional.ofNullable(env.get("MESOS_SANDBOX")).orElse(env.get("MESOS_DIRECTORY"));
    if (sandbox == null) {
      throw missing("MESOS_SANDBOX");
    }
    return new ExecutorEnvironment(
        agent,
        FrameworkID.newBuilder().setValue(required(env, "MESOS_FRAMEWORK_ID")).build(),
        ExecutorID.newBuilder().setValue(required(env, "MESOS_EXECUTOR_ID")).build(),
        agentId == null ? null : AgentID.newBuilder().setValue(agentId).build(),
        Path.of(sandbox),
        "1".equals(env.get("MESOS_CHECKPOINT")),
        duration(env, "MESOS_RECOVERY_TIMEOUT", Duration.ofMinutes(15)),
        duration(env, "MESOS_SUBSCRIPTION_BACKOFF_MAX", Duration.ofSeconds(2)),
        duration(env, "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", Duration.ofSeconds(5)));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw missing(name);
    }
    return value;
  }

  private static IllegalArgumentException missing(String name) {
    return new IllegalArgumentException(name + " is not set: an executor must be started by a Mesos agent,"
        + " which sets the MESOS_* environment");
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return MesosDurations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
