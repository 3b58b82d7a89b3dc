package io.github.auroradist.executor.announce;

import io.github.auroradist.common.discovery.ServerSetMember;
import io.github.auroradist.common.discovery.ServerSetMember.Endpoint;
import io.github.auroradist.common.thermos.config.AnnouncerConfig;
import io.github.auroradist.common.thermos.config.TaskPorts;
import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a task instance in a ZooKeeper serverset: an ephemeral sequential {@code member_} znode
 * under {@code <serverset path>/<role>/<env>/<job>} (or the job's {@code zk_path}) holding the JSON
 * Aurora clients read. The node is created again after the session expires, and removed on close.
 */
public final class ServerSetAnnouncer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSetAnnouncer.class);

  private final CuratorFramework curator;
  private final PersistentNode node;
  private final String groupPath;

  private ServerSetAnnouncer(CuratorFramework curator, PersistentNode node, String groupPath) {
    this.curator = curator;
    this.node = node;
    this.groupPath = groupPath;
  }

  /**
   * Connects and starts announcing.
   *
   * @param ports the task's ports with the portmap's aliases resolved; each is announced
   * @param auth how to authenticate; its ACL, if any, the member node and the parents created for it carry
   * @throws IllegalArgumentException when the primary port is none of the task's ports
   */
  public static ServerSetAnnouncer start(String ensemble, String groupPath, String host, int shard,
      AnnouncerConfig config, TaskPorts ports, int sessionTimeoutMs, ZooKeeperAuth auth) {
    ServerSetMember member = member(host, shard, config, ports);
    CuratorFramework curator = auth.applyTo(CuratorFrameworkFactory.builder()
        .connectString(ensemble)
        .sessionTimeoutMs(sessionTimeoutMs)
        .connectionTimeoutMs(Math.min(sessionTimeoutMs, 15_000))
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000)))
        .build();
    curator.start();
    PersistentNode node = new PersistentNode(curator, CreateMode.EPHEMERAL_SEQUENTIAL, false,
        groupPath + "/member_", member.toBytes());
    node.start();
    LOG.info("announcing {} in {} on {}", member, groupPath, ensemble);
    return new ServerSetAnnouncer(curator, node, groupPath);
  }

  /** The group path Aurora uses: {@code zk_path} when given, else {@code <base>/<role>/<env>/<job>}. */
  public static String groupPath(String basePath, AnnouncerConfig config, String role, String env, String job) {
    if (config.zkPath() != null && !config.zkPath().isBlank()) {
      return config.zkPath();
    }
    String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    return base + "/" + role + "/" + env + "/" + job;
  }

  /**
   * The instance's serverset member: the primary port as the service endpoint, every port
   * (aliases included) as an additional one, ALIVE, with the instance id as its shard.
   */
  public static ServerSetMember member(String host, int shard, AnnouncerConfig config, TaskPorts ports) {
    int primary = ports.port(config.primaryPort()).orElseThrow(() -> new IllegalArgumentException(
        "the announcer's primary_port names port '" + config.primaryPort() + "', which the task was not given;"
        + " the task's ports are " + ports.ports().keySet() + " (a port exists when the config refers to"
        + " {{thermos.ports[" + config.primaryPort() + "]}} or the portmap maps it)"));
    Map<String, Endpoint> additional = new TreeMap<>();
    ports.ports().forEach((name, port) -> additional.put(name, new Endpoint(host, port)));
    return new ServerSetMember(new Endpoint(host, primary), additional, ServerSetMember.ALIVE, shard);
  }

  /** The ZooKeeper client, for tests that expire its session. */
  CuratorFramework curator() {
    return curator;
  }

  public String groupPath() {
    return groupPath;
  }

  /** The znode currently announced, or null while (re)creating it. */
  public String actualPath() {
    return node.getActualPath();
  }

  public boolean awaitAnnounced(long timeout, TimeUnit unit) throws InterruptedException {
    return node.waitForInitialCreate(timeout, unit);
  }

  @Override
  public void close() {
    try {
      node.close();
    } catch (Exception e) {
      LOG.warn("could not remove the serverset member: {}", e.toString());
    }
    curator.close();
  }
}
