package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Aurora's {@code ShellHealthChecker}: healthy when {@code shell_command} exits 0. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShellHealthChecker(@JsonProperty("shell_command") String shellCommand) {
}
