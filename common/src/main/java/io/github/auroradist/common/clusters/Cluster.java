package io.github.auroradist.common.clusters;

import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code clusters.json}: how clients find a cluster's scheduler and agents.
 * Field names in the file are Aurora's ({@code zk}, {@code zk_port}, ...).
 *
 * @param name the cluster name used in job keys (required)
 * @param zk ZooKeeper host names, comma separated (null when only {@code scheduler_uri} is given)
 * @param zkPort ZooKeeper port for hosts given without one (default 2181)
 * @param schedulerZkPath the scheduler serverset path (default {@code /aurora/scheduler})
 * @param schedulerUri a fixed scheduler URL, used when there is no ZooKeeper (may be null)
 * @param proxyUrl the URL to show users instead of the scheduler's own (may be null)
 * @param authMechanism how the client authenticates (default {@code UNAUTHENTICATED})
 * @param slaveRoot the Mesos agent work directory (default {@code /var/lib/mesos})
 * @param slaveRunDirectory the run directory link name (default {@code latest})
 * @param dockerRegistry a Docker registry URL (may be null)
 * @param caFile a PEM file of certificates the client trusts for an {@code https} scheduler, besides the JDK's
 *     default trust store (absolute path; null when not given)
 * @param extra fields this version does not know, kept as text
 */
public record Cluster(
    String name,
    String zk,
    int zkPort,
    String schedulerZkPath,
    String schedulerUri,
    String proxyUrl,
    String authMechanism,
    String slaveRoot,
    String slaveRunDirectory,
    String dockerRegistry,
    String caFile,
    Map<String, String> extra) {

  public static final int DEFAULT_ZK_PORT = 2181;
  public static final String DEFAULT_SCHEDULER_ZK_PATH = "/aurora/scheduler";
  public static final String DEFAULT_AUTH_MECHANISM = "UNAUTHENTICATED";
  public static final String DEFAULT_SLAVE_ROOT = "/var/lib/mesos";
  public static final String DEFAULT_SLAVE_RUN_DIRECTORY = "latest";

  public Cluster {
    extra = Map.copyOf(extra);
  }

  /** The ZooKeeper connect string ({@code host:port,...}), if the cluster names ZooKeeper. */
  public Optional<String> zkEnsemble() {
    if (zk == null || zk.isBlank()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    // -1 keeps every piece; empty ones (from "a,,b" or a trailing comma) are skipped below.
    for (String host : zk.split(",", -1)) {
      String h = host.trim();
      if (h.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(h);
      if (!h.contains(":")) {
        sb.append(':').append(zkPort);
      }
    }
    return sb.length() == 0 ? Optional.empty() : Optional.of(sb.toString());
  }

  public Optional<String> schedulerUriIfSet() {
    return Optional.ofNullable(schedulerUri);
  }

  /** The URL users should see for the scheduler: proxy_url, else scheduler_uri. */
  public Optional<String> displayUrl() {
    return Optional.ofNullable(proxyUrl != null ? proxyUrl : schedulerUri);
  }
}
