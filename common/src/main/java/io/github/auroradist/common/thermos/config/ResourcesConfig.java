package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Aurora's {@code Resources}; ram and disk in bytes as Pystachio writes them. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourcesConfig(
    @JsonProperty("cpu") Double cpu,
    @JsonProperty("ram") Long ram,
    @JsonProperty("disk") Long disk,
    @JsonProperty("gpu") Integer gpu) {
  public ResourcesConfig {
    gpu = gpu == null ? 0 : gpu;
  }
}
