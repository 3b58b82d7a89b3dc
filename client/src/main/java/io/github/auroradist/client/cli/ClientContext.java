package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.api.SchedulerLocator;
import io.github.auroradist.client.security.AuthException;
import io.github.auroradist.client.security.ClusterSecurity;
import io.github.auroradist.client.security.Netrc;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.clusters.ClusterConfigException;
import io.github.auroradist.common.clusters.Clusters;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Where the commands find clusters and how they reach a cluster's scheduler. */
final class ClientContext {
  /** The clusters.json files to read; null means the standard places. Tests set this. */
  static volatile List<Path> clusterFiles;
  /** How long one request to ZooKeeper or the scheduler may take. */
  static volatile Duration requestTimeout = Duration.ofSeconds(30);
  /** The .netrc file BASIC credentials come from; null means $NETRC, else ~/.netrc. Tests set this. */
  static volatile Path netrcFile;
  /** The environment KERBEROS reads (KRB5CCNAME, KRB5_CONFIG); null means the process's. Tests set this. */
  static volatile Map<String, String> environment;
  /** Where warnings from the scheduler go: the running command's standard error. */
  static volatile PrintWriter warnings = AuroraMain.utf8(System.err);
  /** What {@link #warnOnce} said in this command's run. */
  private static final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** Starts a command's run: its warnings go to {@code err}, and each once. */
  static void startRun(PrintWriter err) {
    warnings = err;
    warned.clear();
  }

  /** Prints "Warning: {@code message}" unless this run printed it already. */
  static void warnOnce(String message) {
    if (warned.add(message)) {
      warnings.println("Warning: " + message);
      warnings.flush();
    }
  }

  private ClientContext() {}

  static Cluster cluster(String name) {
    Clusters clusters;
    try {
      clusters = clusterFiles == null ? Clusters.load() : Clusters.load(clusterFiles);
    } catch (ClusterConfigException e) {
      throw new CommandFailure(ExitCodes.INVALID_CONFIG, e.getMessage(), e);
    }
    try {
      return clusters.get(name);
    } catch (ClusterConfigException e) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, e.getMessage(), e);
    }
  }

  /**
   * A client of the cluster's leading scheduler; while no scheduler leads, of one that follows (it answers reads,
   * with a warning that they may be stale, and refuses writes saying why).
   */
  static SchedulerClient scheduler(Cluster cluster) {
    ClusterSecurity security = security(cluster);
    try {
      SchedulerClient client = SchedulerLocator.leader(cluster, security, requestTimeout);
      PrintWriter err = warnings;
      client.onWarning(w -> err.println("Warning: " + w));
      return client;
    } catch (SchedulerException e) {
      throw failure(e);
    }
  }

  /** The cluster's auth_mechanism and ca_file, with the .netrc they name. */
  static ClusterSecurity security(Cluster cluster) {
    Path netrc = netrcFile != null ? netrcFile : Netrc.location(System.getenv(), System.getProperty("user.home"));
    try {
      return ClusterSecurity.of(cluster, netrc, environment != null ? environment : System.getenv());
    } catch (ClusterConfigException e) {
      throw new CommandFailure(ExitCodes.INVALID_CONFIG, e.getMessage(), e);
    } catch (AuthException e) {
      throw new CommandFailure(ExitCodes.AUTH_ERROR, e.getMessage(), e);
    }
  }

  /** The exit code Aurora uses for each way of failing to talk to the scheduler. */
  static CommandFailure failure(SchedulerException e) {
    int code = switch (e.kind()) {
      case NETWORK, NOT_LEADER -> ExitCodes.NETWORK_ERROR;
      case TIMEOUT -> ExitCodes.TIMEOUT;
      case API -> ExitCodes.API_ERROR;
      case AUTH -> ExitCodes.AUTH_ERROR;
    };
    return new CommandFailure(code, e.getMessage(), e);
  }

  /** The job's page in the scheduler's UI (through the cluster's proxy_url when it has one). */
  static String jobUrl(Cluster cluster, SchedulerClient scheduler,
      io.github.auroradist.common.model.JobKey key) {
    String base = cluster.proxyUrl() != null ? cluster.proxyUrl() : scheduler.base().toString();
    return base.replaceAll("/+$", "") + "/scheduler/" + key.path();
  }
}
