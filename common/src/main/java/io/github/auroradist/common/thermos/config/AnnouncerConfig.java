package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Aurora's {@code Announcer}: which named port is the service endpoint and which are additional
 * endpoints. After binding, portmap values are port names (or literal port numbers).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnnouncerConfig(
    @JsonProperty("primary_port") String primaryPort,
    @JsonProperty("portmap") Map<String, String> portmap,
    @JsonProperty("zk_path") String zkPath) {
  public AnnouncerConfig {
    primaryPort = primaryPort == null ? "http" : primaryPort;
    if (portmap == null) {
      portmap = Map.of("aurora", primaryPort);
    } else {
      portmap = Map.copyOf(new LinkedHashMap<>(portmap));
    }
  }
}
