package io.github.auroradist.emulator.zk;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.github.auroradist.emulator.timers.TimerThreads;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesos master group in ZooKeeper: each master holds an ephemeral sequential node
 * {@code <path>/json.info_NNNNNNNNNN} whose data is its MasterInfo as JSON; the lowest sequence
 * number leads. Masters contend; agents (and anyone else) only watch.
 */
public final class MasterGroup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterGroup.class);
  public static final String PREFIX = "json.info_";
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

  private final ZkAddress address;
  private final CuratorFramework client;
  private final TimerThreads poller;
  private volatile MasterInfo self;
  private volatile String ownNode;
  private volatile Optional<Member> leader = Optional.empty();

  /** A member node: its name and the MasterInfo it holds. */
  public record Member(String node, MasterInfo info) {}

  private MasterGroup(ZkAddress address, int sessionTimeoutMs) {
    this.address = address;
    this.client = address.auth().applyTo(CuratorFrameworkFactory.builder()
        .connectString(address.connectString())
        .sessionTimeoutMs(sessionTimeoutMs)
        .connectionTimeoutMs(Math.min(sessionTimeoutMs, 15000))
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 2000)))
        .build();
    this.poller = new TimerThreads("zk-master-group", 1);
  }

  public static MasterGroup connect(ZkAddress address, int sessionTimeoutMs) {
    MasterGroup group = new MasterGroup(address, sessionTimeoutMs);
    group.client.start();
    // Not kept: close() stops it, and the poller's threads log a failure.
    var unused = group.poller.scheduleWithFixedDelay(group::refresh, 0, 200, TimeUnit.MILLISECONDS);
    return group;
  }

  /** Joins the group with this MasterInfo; leadership follows from the sequence numbers. */
  public void contend(MasterInfo info) {
    this.self = info;
    poller.execute(this::ensureMembership);
  }

  public boolean isLeader() {
    String own = ownNode;
    return own != null && leader.map(m -> m.node().equals(own)).orElse(false);
  }

  public Optional<Member> leader() {
    return leader;
  }

  public ZkAddress address() {
    return address;
  }

  private void ensureMembership() {
    MasterInfo info = self;
    if (info == null || !client.getZookeeperClient().isConnected()) {
      return;
    }
    try {
      String own = ownNode;
      if (own != null && client.checkExists().forPath(address.path() + "/" + own) != null) {
        return;
      }
      byte[] data = PRINTER.print(info).getBytes(StandardCharsets.UTF_8);
      String created = client.create().creatingParentContainersIfNeeded()
          .withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(address.path() + "/" + PREFIX, data);
      ownNode = created.substring(created.lastIndexOf('/') + 1);
      LOG.info("joined the master group in ZooKeeper as {}", created);
    } catch (Exception e) {
      LOG.warn("cannot join the master group at {}: {}", address.path(), e.toString());
    }
  }

  private void refresh() {
    try {
      if (!client.getZookeeperClient().isConnected()) {
        return;
      }
      ensureMembership();
      List<String> children;
      try {
        children = client.getChildren().forPath(address.path());
      } catch (KeeperException.NoNodeException e) {
        leader = Optional.empty();
        return;
      }
      Optional<String> lowest = children.stream().filter(c -> c.startsWith(PREFIX))
          .min(Comparator.comparingLong(MasterGroup::sequence));
      if (lowest.isEmpty()) {
        leader = Optional.empty();
        return;
      }
      Optional<Member> current = leader;
      if (current.isPresent() && current.get().node().equals(lowest.get())) {
        return;
      }
      byte[] data = client.getData().forPath(address.path() + "/" + lowest.get());
      MasterInfo.Builder b = MasterInfo.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(new String(data, StandardCharsets.UTF_8), b);
      leader = Optional.of(new Member(lowest.get(), b.build()));
      LOG.info("leading master is now {} ({}:{})", lowest.get(), b.getHostname(), b.getPort());
    } catch (KeeperException.NoNodeException e) {
      // the leader vanished between listing and reading; the next round sees the new one
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("leading master node holds data that is not MasterInfo JSON: {}", e.getMessage());
    } catch (Exception e) {
      LOG.debug("cannot read the master group: {}", e.toString());
    }
  }

  static long sequence(String node) {
    try {
      return Long.parseLong(node.substring(node.lastIndexOf('_') + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    client.close();
  }
}
