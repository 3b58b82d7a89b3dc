package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/** Aurora's {@code HealthCheckerConfig}: a shell command wins over HTTP when both are given. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthCheckerConfig(
    @JsonProperty("http") HttpHealthChecker http,
    @JsonProperty("shell") ShellHealthChecker shell) {
  public HealthCheckerConfig {
    http = http == null ? HttpHealthChecker.defaults() : http;
  }

  public Optional<ShellHealthChecker> shellCommand() {
    return shell == null || shell.shellCommand() == null || shell.shellCommand().isBlank()
        ? Optional.empty() : Optional.of(shell);
  }
}
