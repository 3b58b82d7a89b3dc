package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * Aurora's {@code LifecycleConfig}. A job without one gets the default HTTP lifecycle; a job that
 * gives {@code lifecycle} without {@code http} turns the HTTP shutdown endpoints off.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleConfig(@JsonProperty("http") HttpLifecycleConfig http) {
  public static LifecycleConfig defaults() {
    return new LifecycleConfig(HttpLifecycleConfig.defaults());
  }

  public Optional<HttpLifecycleConfig> httpLifecycle() {
    return Optional.ofNullable(http);
  }
}
