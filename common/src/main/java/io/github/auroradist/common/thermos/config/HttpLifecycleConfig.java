package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Aurora's {@code HttpLifecycleConfig}: the endpoints POSTed before signals when a task is killed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpLifecycleConfig(
    @JsonProperty("port") String port,
    @JsonProperty("graceful_shutdown_endpoint") String gracefulShutdownEndpoint,
    @JsonProperty("shutdown_endpoint") String shutdownEndpoint,
    @JsonProperty("graceful_shutdown_wait_secs") Integer gracefulShutdownWaitSecs,
    @JsonProperty("shutdown_wait_secs") Integer shutdownWaitSecs) {
  public HttpLifecycleConfig {
    port = port == null ? "health" : port;
    gracefulShutdownEndpoint = gracefulShutdownEndpoint == null ? "/quitquitquit" : gracefulShutdownEndpoint;
    shutdownEndpoint = shutdownEndpoint == null ? "/abortabortabort" : shutdownEndpoint;
    gracefulShutdownWaitSecs = gracefulShutdownWaitSecs == null ? 5 : gracefulShutdownWaitSecs;
    shutdownWaitSecs = shutdownWaitSecs == null ? 5 : shutdownWaitSecs;
  }

  public static HttpLifecycleConfig defaults() {
    return new HttpLifecycleConfig(null, null, null, null, null);
  }
}
