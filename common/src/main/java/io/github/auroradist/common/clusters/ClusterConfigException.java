package io.github.auroradist.common.clusters;

/** A {@code clusters.json} that cannot be used; the message names the file and the fix. */
public class ClusterConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ClusterConfigException(String message) {
    super(message);
  }

  public ClusterConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
