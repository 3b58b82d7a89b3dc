package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Aurora's {@code RotatePolicy}: rotate a log once it reaches {@code log_size} bytes, keep {@code backups}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RotatePolicy(
    @JsonProperty("log_size") Long logSize,
    @JsonProperty("backups") Integer backups) {

  public static final long DEFAULT_LOG_SIZE = 100L * 1024 * 1024;
  public static final int DEFAULT_BACKUPS = 5;

  public RotatePolicy {
    logSize = logSize == null ? DEFAULT_LOG_SIZE : logSize;
    backups = backups == null ? DEFAULT_BACKUPS : backups;
    if (logSize <= 0) {
      throw new IllegalArgumentException("rotate log_size must be positive, got " + logSize);
    }
    if (backups < 0) {
      throw new IllegalArgumentException("rotate backups cannot be negative, got " + backups);
    }
  }
}
