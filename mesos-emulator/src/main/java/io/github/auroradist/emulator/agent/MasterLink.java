package io.github.auroradist.emulator.agent;

import io.github.auroradist.emulator.zk.MasterGroup;
import io.github.auroradist.emulator.zk.ZkAddress;
import java.net.URI;
import java.util.Optional;
import org.apache.mesos.v1.Protos.MasterInfo;

/** Finds the leading master for an agent: a fixed address, or the lowest member of the ZooKeeper group. */
final class MasterLink implements AutoCloseable {
  private final URI fixed;
  private final MasterGroup group;

  private MasterLink(URI fixed, MasterGroup group) {
    this.fixed = fixed;
    this.group = group;
  }

  static MasterLink create(String address, int zkSessionTimeoutMs) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("--master is required: host:port, http://host:port or"
          + " zk://host:port/path");
    }
    if (ZkAddress.isZk(address)) {
      return new MasterLink(null, MasterGroup.connect(ZkAddress.parse(address), zkSessionTimeoutMs));
    }
    String text = address.contains("://") ? address : "http://" + address;
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || uri.getPort() <= 0
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("bad --master '" + address + "'; write host:port (e.g."
          + " localhost:5050), http://host:port or zk://host:port/path");
    }
    return new MasterLink(URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()), null);
  }

  Optional<URI> leader() {
    if (fixed != null) {
      return Optional.of(fixed);
    }
    return group.leader().map(MasterGroup.Member::info).map(MasterLink::uri);
  }

  private static URI uri(MasterInfo info) {
    String host = info.getAddress().hasIp() ? info.getAddress().getIp() : info.getHostname();
    return URI.create("http://" + host + ":" + info.getPort());
  }

  @Override
  public void close() {
    if (group != null) {
      group.close();
    }
  }
}
