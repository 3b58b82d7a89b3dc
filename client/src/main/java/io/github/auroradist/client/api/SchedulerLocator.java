package io.github.auroradist.client.api;

import io.github.auroradist.client.security.ClusterSecurity;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.discovery.ServerSetMember;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;

/**
 * Finds a cluster's leading scheduler: the members of the ZooKeeper serverset
 * ({@code zk} + {@code scheduler_zk_path}) or, without ZooKeeper, {@code scheduler_uri}.
 * One that answers {@code /leaderhealth} as a non-leader is used only when none leads.
 */
public final class SchedulerLocator {
  private SchedulerLocator() {}

  public static SchedulerClient leader(Cluster cluster, ClusterSecurity security, Duration timeout)
      throws SchedulerException {
    List<URI> candidates = cluster.zkEnsemble().isPresent()
        ? fromServerset(cluster, cluster.zkEnsemble().get(), timeout)
        : List.of(URI.create(cluster.schedulerUri()));
    SchedulerException last = null;
    SchedulerClient follower = null;
    for (URI uri : candidates) {
      SchedulerClient client = new SchedulerClient(uri, timeout, security);
      try {
        if (client.isLeader()) {
          return client;
        }
        follower = follower == null ? client : follower;
      } catch (SchedulerException e) {
        last = e;
      }
    }
    if (follower != null) {
      // A follower redirects writes to the leader, or refuses them saying no leader is elected; it answers reads
      // itself, marking them stale while there is no leader.
      return follower;
    }
    throw last;
  }

  /** The addresses of the serverset's members. */
  static List<URI> fromServerset(Cluster cluster, String ensemble, Duration timeout)
      throws SchedulerException {
    String path = cluster.schedulerZkPath();
    // A ZooKeeper that does not answer within 10 s is down for a command line's purposes.
    int ms = (int) Math.min(timeout.toMillis(), 10_000);
    try (CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(ensemble)
        .connectionTimeoutMs(ms).sessionTimeoutMs(Math.max(ms * 2, 10_000))
        .retryPolicy(new RetryOneTime(200)).build()) {
      zk.start();
      if (!zk.blockUntilConnected(ms, TimeUnit.MILLISECONDS)) {
        throw new SchedulerException(SchedulerException.Kind.NETWORK, null, "cannot reach"
            + " ZooKeeper at " + ensemble + " (cluster '" + cluster.name() + "' in clusters.json)"
            + " within " + ms / 1000 + "s", null);
      }
      List<String> members;
      try {
        members = zk.getChildren().forPath(path);
      } catch (KeeperException.NoNodeException e) {
        members = List.of();
      }
      List<URI> uris = new ArrayList<>();
      for (String member : members.stream().filter(m -> m.startsWith("member_")).sorted().toList()) {
        try {
          memberUri(zk.getData().forPath(path + "/" + member)).ifPresent(uris::add);
        } catch (KeeperException.NoNodeException gone) {
          // the member left while we listed; the others still count
        }
      }
      if (uris.isEmpty()) {
        throw new SchedulerException(SchedulerException.Kind.NETWORK, null, "no scheduler is"
            + " registered in ZooKeeper at " + ensemble + path + " for cluster '" + cluster.name()
            + "': is a scheduler running and leading, with -zk_endpoints and -serverset_path"
            + " matching clusters.json's zk and scheduler_zk_path?", null);
      }
      return uris;
    } catch (SchedulerException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchedulerException(SchedulerException.Kind.NETWORK, null, "interrupted", e);
    } catch (Exception e) {
      throw new SchedulerException(SchedulerException.Kind.NETWORK, null, "reading the scheduler"
          + " serverset " + path + " from ZooKeeper at " + ensemble + " failed: " + e, e);
    }
  }

  /**
   * A serverset member's address: {@code https://} its {@code additionalEndpoints.https} when it serves HTTPS, else
   * its HTTP address ({@code additionalEndpoints.http}, else {@code serviceEndpoint}); empty if none.
   */
  static Optional<URI> memberUri(byte[] data) {
    return ServerSetMember.parse(data).flatMap(m -> httpsUrl(m).or(m::httpUrl)).flatMap(url -> {
      try {
        return Optional.of(URI.create(url));
      } catch (IllegalArgumentException notAUrl) {
        return Optional.empty();  // a member with a host no URL can hold; the others still count
      }
    });
  }

  private static Optional<String> httpsUrl(ServerSetMember member) {
    ServerSetMember.Endpoint e = member.additionalEndpoints().get("https");
    if (e == null || e.host() == null || e.host().isBlank() || e.port() <= 0) {
      return Optional.empty();
    }
    return Optional.of("https://" + e.host() + ":" + e.port());
  }
}
