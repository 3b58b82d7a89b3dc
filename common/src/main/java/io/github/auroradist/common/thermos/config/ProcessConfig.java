package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One Thermos process, as Aurora's {@code Process}: {@code cmdline} runs with {@code /bin/bash -c}.
 * Missing fields take Aurora's defaults; {@code logger} stays null when the job did not set one
 * (the executor's own logger flags apply then).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessConfig(
    @JsonProperty("name") String name,
    @JsonProperty("cmdline") String cmdline,
    @JsonProperty("max_failures") Integer maxFailures,
    @JsonProperty("daemon") Boolean daemon,
    @JsonProperty("ephemeral") Boolean ephemeral,
    @JsonProperty("min_duration") Integer minDuration,
    @JsonProperty("final") Boolean isFinal,
    @JsonProperty("logger") LoggerConfig logger) {

  public static final int DEFAULT_MAX_FAILURES = 1;
  public static final int DEFAULT_MIN_DURATION_SECS = 5;

  public ProcessConfig {
    maxFailures = maxFailures == null ? DEFAULT_MAX_FAILURES : maxFailures;
    daemon = daemon != null && daemon;
    ephemeral = ephemeral != null && ephemeral;
    minDuration = minDuration == null ? DEFAULT_MIN_DURATION_SECS : minDuration;
    isFinal = isFinal != null && isFinal;
  }

  /** A process with Aurora's defaults for everything but name and command line. */
  public static ProcessConfig of(String name, String cmdline) {
    return new ProcessConfig(name, cmdline, null, null, null, null, null, null);
  }

  public ProcessConfig withMaxFailures(int value) {
    return new ProcessConfig(name, cmdline, value, daemon, ephemeral, minDuration, isFinal, logger);
  }

  public ProcessConfig withMinDuration(int seconds) {
    return new ProcessConfig(name, cmdline, maxFailures, daemon, ephemeral, seconds, isFinal, logger);
  }

  public ProcessConfig asDaemon() {
    return new ProcessConfig(name, cmdline, maxFailures, true, ephemeral, minDuration, isFinal, logger);
  }

  public ProcessConfig asEphemeral() {
    return new ProcessConfig(name, cmdline, maxFailures, daemon, true, minDuration, isFinal, logger);
  }

  public ProcessConfig asFinal() {
    return new ProcessConfig(name, cmdline, maxFailures, daemon, ephemeral, minDuration, true, logger);
  }

  public ProcessConfig withLogger(LoggerConfig value) {
    return new ProcessConfig(name, cmdline, maxFailures, daemon, ephemeral, minDuration, isFinal, value);
  }
}
