package io.github.auroradist.scheduler.discovery;

import io.github.auroradist.common.discovery.ServerSetMember;
import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the leading scheduler in the ZooKeeper serverset ({@code -serverset_path}, default
 * {@code /aurora/scheduler}) as an ephemeral sequential {@code member_} node with the JSON Aurora
 * clients read. The node comes back after a session expiry and goes away on {@link #close}.
 */
public final class SchedulerAnnouncer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerAnnouncer.class);

  private final CuratorFramework curator;
  private final PersistentNode node;

  private SchedulerAnnouncer(CuratorFramework curator, PersistentNode node) {
    this.curator = curator;
    this.node = node;
  }

  /**
   * Announces {@code {"serviceEndpoint": {host, port}, "additionalEndpoints": {"http": {host, port}, "https": {host,
   * httpsPort}}, "status": "ALIVE"}} ({@code https} only when {@code httpsPort} is not 0), connected with
   * {@code auth}, whose ACL (if any) the member node and the parents created for it carry.
   */
  public static SchedulerAnnouncer start(String zkEndpoints, Duration sessionTimeout, ZooKeeperAuth auth,
      String serversetPath, String host, int httpPort, int httpsPort) {
    CuratorFramework curator = auth.applyTo(CuratorFrameworkFactory.builder()
        .connectString(zkEndpoints)
        .sessionTimeoutMs((int) sessionTimeout.toMillis())
        .connectionTimeoutMs((int) Math.min(sessionTimeout.toMillis(), 15_000))
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000)))
        .build();
    curator.start();
    String base = serversetPath.endsWith("/") ? serversetPath.substring(0, serversetPath.length() - 1) : serversetPath;
    PersistentNode node = new PersistentNode(curator, CreateMode.EPHEMERAL_SEQUENTIAL, false, base + "/member_",
        ServerSetMember.scheduler(host, httpPort, httpsPort).toBytes());
    node.start();
    LOG.info("Announcing this scheduler ({}:{}{}) in {} on {}{}", host, httpPort,
        httpsPort > 0 ? ", HTTPS " + httpsPort : "", base, zkEndpoints,
        auth.protects() ? " (nodes writable only by its ZooKeeper identity)" : "");
    return new SchedulerAnnouncer(curator, node);
  }

  /** Waits until the member node exists; returns its path, or null on timeout. */
  public String awaitAnnounced(Duration timeout) throws InterruptedException {
    return node.waitForInitialCreate(timeout.toMillis(), TimeUnit.MILLISECONDS) ? node.getActualPath() : null;
  }

  @Override
  public void close() {
    try {
      node.close();
    } catch (Exception e) {
      LOG.warn("Withdrawing the serverset member failed", e);
    }
    curator.close();
  }
}
