package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Aurora's {@code HealthCheckConfig} with its defaults (15 s initial, 10 s interval, 1 s timeout). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthCheckConfig(
    @JsonProperty("health_checker") HealthCheckerConfig healthChecker,
    @JsonProperty("initial_interval_secs") Double initialIntervalSecs,
    @JsonProperty("interval_secs") Double intervalSecs,
    @JsonProperty("max_consecutive_failures") Integer maxConsecutiveFailures,
    @JsonProperty("min_consecutive_successes") Integer minConsecutiveSuccesses,
    @JsonProperty("timeout_secs") Double timeoutSecs) {
  public HealthCheckConfig {
    healthChecker = healthChecker == null ? new HealthCheckerConfig(null, null) : healthChecker;
    initialIntervalSecs = initialIntervalSecs == null ? 15.0 : initialIntervalSecs;
    intervalSecs = intervalSecs == null ? 10.0 : intervalSecs;
    maxConsecutiveFailures = maxConsecutiveFailures == null ? 0 : maxConsecutiveFailures;
    minConsecutiveSuccesses = minConsecutiveSuccesses == null ? 1 : minConsecutiveSuccesses;
    timeoutSecs = timeoutSecs == null ? 1.0 : timeoutSecs;
    if (intervalSecs <= 0 || timeoutSecs <= 0 || initialIntervalSecs < 0) {
      throw new IllegalArgumentException("health_check_config intervals must be positive (interval_secs="
          + intervalSecs + ", timeout_secs=" + timeoutSecs + ", initial_interval_secs=" + initialIntervalSecs + ")");
    }
    if (maxConsecutiveFailures < 0 || minConsecutiveSuccesses < 1) {
      throw new IllegalArgumentException("health_check_config needs max_consecutive_failures >= 0 and"
          + " min_consecutive_successes >= 1");
    }
  }

  public static HealthCheckConfig defaults() {
    return new HealthCheckConfig(null, null, null, null, null, null);
  }
}
