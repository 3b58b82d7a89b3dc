package io.github.auroradist.observer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the observer needs to run.
 *
 * @param ip the address to listen on (0.0.0.0 for every interface)
 * @param port the HTTP port; 0 picks a free one (tests)
 * @param mesosRoot the Mesos agent's {@code --work_dir}
 * @param pollingInterval how often to rescan for checkpoints
 */
public record ObserverSettings(String ip, int port, Path mesosRoot, Duration pollingInterval) {
  public static final String DEFAULT_IP = "0.0.0.0";
  public static final int DEFAULT_PORT = 1338;
  public static final String DEFAULT_MESOS_ROOT = "/var/lib/mesos";
  public static final int DEFAULT_POLLING_INTERVAL_SECS = 5;

  public ObserverSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (pollingInterval.isNegative() || pollingInterval.isZero()) {
      throw new IllegalArgumentException("polling interval must be positive, got " + pollingInterval);
    }
  }
}
