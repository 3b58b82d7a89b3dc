package io.github.auroradist.common.clusters;

/** A {@code clusters.json} that cannot be used; the message names the file and the fix. */
public class ClusterConfigException extends Exception {
  public ClusterConfigException(String message) {
    super(message);
  }

  public ClusterConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
