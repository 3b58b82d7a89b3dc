package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * What the executor is given to run: Aurora's {@code MesosTaskInstance} / {@code MesosJob} JSON
 * (the Thermos task plus the job-level settings the executor acts on). Unknown fields are ignored,
 * so the full job JSON the client writes is accepted as is.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskInstanceConfig(
    @JsonProperty("task") TaskConfig task,
    @JsonProperty("name") String name,
    @JsonProperty("role") String role,
    @JsonProperty("environment") String environment,
    @JsonProperty("cluster") String cluster,
    @JsonProperty("instance") Integer instance,
    @JsonProperty("health_check_config") HealthCheckConfig healthCheckConfig,
    @JsonProperty("lifecycle") LifecycleConfig lifecycle,
    @JsonProperty("announce") AnnouncerConfig announce) {

  public TaskInstanceConfig {
    healthCheckConfig = healthCheckConfig == null ? HealthCheckConfig.defaults() : healthCheckConfig;
    lifecycle = lifecycle == null ? LifecycleConfig.defaults() : lifecycle;
  }

  public Optional<AnnouncerConfig> announcer() {
    return Optional.ofNullable(announce);
  }
}
