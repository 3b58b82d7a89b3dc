package io.github.auroradist.client.cli;

import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerFlags;
import io.github.auroradist.scheduler.SchedulerMain;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.storage.LogDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;

/**
 * A real scheduler found through a real ZooKeeper serverset, both on loopback, and the clusters.json the commands
 * read: {@code devcluster} (through ZooKeeper), {@code direct} (scheduler_uri), {@code down} (nothing listens) and
 * {@code empty} (a serverset nobody joined). No Mesos master runs, so tasks stay PENDING.
 */
final class LoopbackCluster implements AutoCloseable {
  final TestingServer zk;
  final Scheduler scheduler;

  private LoopbackCluster(TestingServer zk, Scheduler scheduler) {
    this.zk = zk;
    this.scheduler = scheduler;
  }

  /** Starts the cluster; {@code schedulerFlags} are added to the scheduler's or replace them. */
  static LoopbackCluster start(Path dir, String... schedulerFlags) throws Exception {
    TestingServer zk = new TestingServer(true);
    Scheduler scheduler;
    try {
      List<String> flags = new ArrayList<>(List.of("-zk_endpoints=" + zk.getConnectString(),
          "-serverset_path=/aurora/scheduler", "-backup_dir=" + dir.resolve("backups")));
      flags.addAll(List.of(schedulerFlags));
      scheduler = Scheduler.start(settings(initializedLog(dir.resolve("db")), flags.toArray(String[]::new)), e -> { });
    } catch (Exception | Error e) {
      zk.close();
      throw e;
    }
    LoopbackCluster cluster = new LoopbackCluster(zk, scheduler);
    String connect = zk.getConnectString();
    String host = connect.substring(0, connect.lastIndexOf(':'));
    int port = Integer.parseInt(connect.substring(connect.lastIndexOf(':') + 1));
    Path clusters = Files.writeString(dir.resolve("clusters.json"), "[{\"name\": \"devcluster\", \"zk\": \""
        + host + "\", \"zk_port\": " + port + "},"
        + " {\"name\": \"direct\", \"scheduler_uri\": \"http://127.0.0.1:" + scheduler.httpPort() + "\"},"
        + " {\"name\": \"down\", \"scheduler_uri\": \"http://127.0.0.1:" + Ports.free() + "\"},"
        + " {\"name\": \"empty\", \"zk\": \"" + zk.getConnectString() + "\", \"scheduler_zk_path\": \"/nobody\"}]");
    ClientContext.clusterFiles = List.of(clusters);
    // The scheduler announces itself once it leads.
    Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
        AuroraCliTest.aurora("job", "list", "devcluster").code() == 0);
    return cluster;
  }

  int httpPort() {
    return scheduler.httpPort();
  }

  /** The scheduler's storage, to put tasks in states no Mesos master takes them to here (RUNNING on a host). */
  io.github.auroradist.scheduler.storage.Storage storage() {
    return scheduler.storage();
  }

  /** Records hosts as agents that offered resources would (maintenance commands refuse hosts never seen). */
  void registerAgents(String... hosts) {
    for (String host : hosts) {
      scheduler.storage().write(new io.github.auroradist.scheduler.storage.Op.SaveHostAttributes(
          new io.github.auroradist.common.model.HostAttributes(host, "agent-" + host, java.util.Map.of())));
    }
  }

  @Override
  public void close() throws IOException {
    ClientContext.clusterFiles = null;
    scheduler.close();
    zk.close();
  }

  static Path initializedLog(Path db) throws IOException {
    new LogDirectory(db).initialize(UUID.randomUUID());
    return db;
  }

  /**
   * Settings of a scheduler on loopback, parsed as the command line is: {@code devcluster}, HTTP on a free port,
   * a Mesos master that is not there; {@code extra} flags are added or replace those.
   */
  static SchedulerSettings settings(Path logDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("-cluster_name=devcluster", "-http_port=0", "-ip=127.0.0.1",
        "-hostname=127.0.0.1", "-mesos_master_address=127.0.0.1:" + Ports.free(),
        "-native_log_file_path=" + logDir, "-native_log_port=" + Ports.free(),
        "-thermos_executor_path=/usr/bin/thermos_executor", "-allow_root_role=true"));
    for (String e : extra) {
      String name = e.substring(0, e.indexOf('=') + 1);
      args.removeIf(a -> a.startsWith(name));
      args.add(e);
    }
    StringWriter err = new StringWriter();
    SchedulerFlags flags = SchedulerMain.parse(args.toArray(String[]::new), new PrintWriter(new StringWriter()),
        new PrintWriter(err, true), new int[1]);
    if (flags == null) {
      throw new IllegalArgumentException(err.toString());
    }
    return SchedulerSettings.from(flags);
  }
}
