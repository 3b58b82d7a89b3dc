package io.github.auroradist.emulator.master;

import io.github.auroradist.emulator.http.Servers;
import io.github.auroradist.emulator.zk.MasterGroup;
import io.github.auroradist.emulator.zk.ZkAddress;
import java.net.URI;
import java.util.Optional;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running master: the HTTP server, the state and (with --zk) its place in the master group. */
public final class MasterServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterServer.class);

  private final Master master;
  private final Server server;
  private final MasterGroup group;

  private MasterServer(Master master, Server server, MasterGroup group) {
    this.master = master;
    this.server = server;
    this.group = group;
  }

  public static MasterServer start(MasterConfig config) throws Exception {
    Master master = new Master(config);
    MasterGroup group = config.zk() == null ? null
        : MasterGroup.connect(ZkAddress.parse(config.zk()), (int) config.zkSessionTimeout().toMillis());
    Leadership leadership = group == null ? new Leadership() {
      @Override
      public boolean isLeader() {
        return true;
      }

      @Override
      public Optional<MasterInfo> leader() {
        return Optional.ofNullable(master.info());
      }
    } : new Leadership() {
      @Override
      public boolean isLeader() {
        return group.isLeader();
      }

      @Override
      public Optional<MasterInfo> leader() {
        return group.leader().map(MasterGroup.Member::info);
      }
    };
    Server server;
    try {
      server = Servers.start("master", config.bindIp(), config.port(), new MasterRoutes(master, leadership).handler());
    } catch (Exception e) {
      if (group != null) {
        group.close();
      }
      throw e;
    }
    master.start(Servers.port(server));
    if (group != null) {
      group.contend(master.info());
    }
    LOG.info("Mesos emulator master {} listening on {}:{}{}", master.id(), config.bindIp(), Servers.port(server),
        config.zk() == null ? "" : " (master group " + config.zk() + ")");
    return new MasterServer(master, server, group);
  }

  public int port() {
    return Servers.port(server);
  }

  /** The base URI schedulers use, e.g. http://127.0.0.1:5050. */
  public URI uri() {
    return URI.create("http://" + master.info().getAddress().getIp() + ":" + port());
  }

  public MasterInfo info() {
    return master.info();
  }

  public boolean isLeader() {
    return group == null || group.isLeader();
  }

  @Override
  public void close() {
    if (group != null) {
      group.close();
    }
    master.close();
    Servers.stop(server);
  }
}
