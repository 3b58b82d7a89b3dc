package io.github.auroradist.mesos.detect;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the masters registered in ZooKeeper. Mesos masters contend by creating ephemeral
 * sequential {@code json.info_NNNNNNNNNN} nodes holding their MasterInfo as JSON; the lowest
 * sequence number is the leader.
 */
final class ZooKeeperMasterDetector implements MasterDetector {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperMasterDetector.class);
  private static final Pattern ZK_URL = Pattern.compile("zk://([^/@]+@)?([^/]+)(/.*)");
  static final String NODE_PREFIX = "json.info_";

  private final String ensemble;
  private final String path;
  private final AtomicReference<URI> leader = new AtomicReference<>();
  private CuratorFramework curator;
  private CuratorCache cache;

  private ZooKeeperMasterDetector(String ensemble, String path) {
    this.ensemble = ensemble;
    this.path = path;
  }

  static ZooKeeperMasterDetector parse(String text) {
    Matcher m = ZK_URL.matcher(text);
    if (!m.matches() || m.group(3).length() < 2 || m.group(3).endsWith("/")) {
      throw new IllegalArgumentException("'" + text + "' is not a ZooKeeper master address;"
          + " use zk://host:port[,host:port]/path, for example zk://zk1:2181,zk2:2181/mesos");
    }
    if (m.group(1) != null) {
      throw new IllegalArgumentException("'" + text + "': ZooKeeper credentials in the master"
          + " address are not supported; remove the user:password@ part");
    }
    // -1 keeps a trailing empty piece, so "zk1:2181,/mesos" is refused rather than passed on.
    for (String server : m.group(2).split(",", -1)) {
      if (!server.matches("[^:,]+:\\d+")) {
        throw new IllegalArgumentException("'" + text + "': ZooKeeper server '" + server
            + "' needs a host and a port, such as zk1:2181");
      }
    }
    return new ZooKeeperMasterDetector(m.group(2), m.group(3));
  }

  String ensemble() {
    return ensemble;
  }

  String path() {
    return path;
  }

  @Override
  public synchronized void start() {
    if (curator != null) {
      return;
    }
    curator = CuratorFrameworkFactory.builder()
        .connectString(ensemble)
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5000))
        .sessionTimeoutMs(15_000)
        .connectionTimeoutMs(10_000)
        .build();
    curator.start();
    cache = CuratorCache.build(curator, path);
    cache.listenable().addListener((type, oldData, data) -> recompute());
    cache.start();
  }

  private void recompute() {
    Optional<ChildData> lowest = cache.stream()
        .filter(d -> parentOf(d.getPath()).equals(path))
        .filter(d -> nodeName(d.getPath()).startsWith(NODE_PREFIX))
        .min(Comparator.comparing(d -> nodeName(d.getPath())));
    URI next = lowest.flatMap(this::toUri).orElse(null);
    URI previous = leader.getAndSet(next);
    if (!java.util.Objects.equals(previous, next)) {
      LOG.info("Leading Mesos master at {} is now {}", describe(), next == null ? "unknown" : next);
    }
  }

  private Optional<URI> toUri(ChildData data) {
    if (data.getData() == null) {
      return Optional.empty();
    }
    try {
      MasterInfo.Builder info = MasterInfo.newBuilder();
      JsonFormat.parser().ignoringUnknownFields()
          .merge(new String(data.getData(), StandardCharsets.UTF_8), info);
      String host;
      int port;
      if (info.hasAddress()) {
        host = info.getAddress().hasHostname() ? info.getAddress().getHostname() : info.getAddress().getIp();
        port = info.getAddress().getPort();
      } else {
        host = info.hasHostname() ? info.getHostname() : ipv4(info.getIp());
        port = info.getPort();
      }
      return Optional.of(URI.create("http://" + host + ":" + port));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      LOG.warn("Ignoring unreadable master node {}: {}", data.getPath(), e.getMessage());
      return Optional.empty();
    }
  }

  /** MasterInfo.ip is an IPv4 address in network byte order packed into a uint32. */
  private static String ipv4(int packed) {
    return (packed & 0xff) + "." + ((packed >> 8) & 0xff) + "." + ((packed >> 16) & 0xff) + "."
        + ((packed >>> 24) & 0xff);
  }

  private static String parentOf(String node) {
    int slash = node.lastIndexOf('/');
    return slash <= 0 ? "/" : node.substring(0, slash);
  }

  private static String nodeName(String node) {
    return node.substring(node.lastIndexOf('/') + 1);
  }

  @Override
  public Optional<URI> leader() {
    return Optional.ofNullable(leader.get());
  }

  @Override
  public String describe() {
    return "zk://" + ensemble + path;
  }

  @Override
  public synchronized void close() {
    if (cache != null) {
      cache.close();
    }
    if (curator != null) {
      curator.close();
    }
    cache = null;
    curator = null;
  }
}
