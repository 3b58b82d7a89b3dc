package io.github.auroradist.scheduler.ha;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.scheduler.storage.LogDirectory;
import io.github.auroradist.scheduler.storage.SchedulerLogTool;
import io.github.auroradist.scheduler.testing.Directories;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.ScriptedExecutor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.KeeperException;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A cluster's coordinators on one machine: a ZooKeeper ensemble (Curator's TestingCluster), the Mesos emulator's
 * master (found through ZooKeeper, as on coordinators) with its agents, and N scheduler processes that are the
 * peers of one replicated log, each with its own log directory and backup directory.
 */
public final class CoordinatorRig implements AutoCloseable {
  static final String SERVERSET = "/aurora/scheduler";

  public final Path dir;
  public final TestingCluster zk;
  public final EmulatorCluster mesos;
  public final List<SchedulerProcess> schedulers = new ArrayList<>();
  final UUID clusterId = UUID.randomUUID();
  private final HttpClient following = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  private CoordinatorRig(Path dir, TestingCluster zk, EmulatorCluster mesos) {
    this.dir = dir;
    this.zk = zk;
    this.mesos = mesos;
  }

  /** Starts ZooKeeper (3 servers) and Mesos ({@code agents} agents); the schedulers are set up, not started. */
  /**
   * A directory for a rig, kept under target/ so that a failed CI run leaves the schedulers' output to read.
   */
  public static Path newDirectory(String prefix) throws IOException {
    return Files.createTempDirectory(Files.createDirectories(Path.of("target", "ha")), prefix).toAbsolutePath();
  }

  /** Prints every scheduler's recent output when a test fails; register it as a static extension. */
  public static TestWatcher printOutputOnFailure(Supplier<CoordinatorRig> rig) {
    return new TestWatcher() {
      @Override
      public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("Scheduler output after " + context.getDisplayName() + " failed:\n" + rig.get().report());
      }
    };
  }

  public static CoordinatorRig create(Path dir, int coordinators, int agents, String... extraFlags) throws Exception {
    Files.createDirectories(dir);
    TestingCluster zk = new TestingCluster(3);
    zk.start();
    EmulatorCluster mesos = null;
    CoordinatorRig rig = null;
    try {
      // Agents are lost only after 15 s without pings: three scheduler JVMs starting at once load the machine.
      mesos = EmulatorCluster.builder(dir.resolve("mesos")).agents(agents).zooKeeperAt(zk.getConnectString())
          .master(m -> m.withTimings(Duration.ofSeconds(1), 15, null, Duration.ofMillis(100), Duration.ofMillis(500),
              Duration.ofMillis(500)))
          .resources("cpus:8;mem:8192;disk:20000;ports:[31000-31200]").attributes(EmulatorCluster.STANDARD_ATTRIBUTES)
          .start();
      rig = new CoordinatorRig(dir, zk, mesos);
      int[] logPorts = new int[coordinators];
      StringBuilder peers = new StringBuilder();
      for (int i = 0; i < coordinators; i++) {
        logPorts[i] = Ports.free();
        peers.append(i == 0 ? "" : ",").append("127.0.0.1:").append(logPorts[i]);
      }
      for (int i = 0; i < coordinators; i++) {
        int httpPort = Ports.free();
        Path logDir = dir.resolve("scheduler-" + i).resolve("db");
        List<String> flags = new ArrayList<>(List.of("-cluster_name=ha", "-http_port=" + httpPort, "-ip=127.0.0.1",
            "-hostname=127.0.0.1", "-mesos_master_address=zk://" + zk.getConnectString() + "/mesos",
            "-native_log_file_path=" + logDir, "-native_log_port=" + logPorts[i], "-native_log_peers=" + peers,
            "-native_log_quorum_size=" + (coordinators / 2 + 1), "-zk_endpoints=" + zk.getConnectString(),
            "-serverset_path=" + SERVERSET, "-backup_dir=" + dir.resolve("scheduler-" + i).resolve("backups"),
            "-thermos_executor_path=" + ScriptedExecutor.command(), "-thermos_executor_cpu=0.1",
            "-thermos_executor_ram=32MB", "-reconciliation_initial_delay=2secs",
            "-reconciliation_explicit_interval=10secs", "-reconciliation_implicit_interval=10secs",
            // A killed leader's serverset entry goes when its ZooKeeper session expires: with the 15 s default
            // every failover step would wait 15 s for it. 5 s is still well above the JVMs' pauses here.
            "-zk_session_timeout=5secs"));
        flags.addAll(List.of(extraFlags));
        rig.schedulers.add(new SchedulerProcess(i, httpPort, logDir, dir.resolve("scheduler-" + i + ".log"), flags));
      }
      rig.initializeLogs(null);
      return rig;
    } catch (Exception | Error e) {
      if (rig != null) {
        rig.close();
      } else {
        if (mesos != null) {
          mesos.close();
        }
        zk.close();
      }
      throw e;
    }
  }

  /** Initializes every scheduler's log with this cluster's id, as an operator does with aurora-scheduler-log. */
  void initializeLogs(Path backup) throws Exception {
    for (SchedulerProcess s : schedulers) {
      List<String> command = SchedulerProcess.java(SchedulerLogTool.class.getName(), "64m");
      command.addAll(List.of("initialize", "--path=" + s.logDir, "--cluster-id=" + clusterId));
      if (backup != null) {
        command.add("--from-backup=" + backup);
      }
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("aurora-scheduler-log initialize failed: " + out);
      }
    }
  }

  /** Deletes every scheduler's log directory: all copies of the replicated log are gone. */
  void wipeLogs() throws IOException {
    for (SchedulerProcess s : schedulers) {
      Directories.deleteTree(s.logDir);
      if (Files.exists(s.logDir.resolve(LogDirectory.MARKER))) {
        throw new IllegalStateException(s.logDir + " survived the wipe");
      }
    }
  }

  public void startAll() throws IOException {
    for (SchedulerProcess s : schedulers) {
      s.start();
    }
  }

  List<SchedulerProcess> alive() {
    return schedulers.stream().filter(SchedulerProcess::isAlive).toList();
  }

  /**
   * Waits until exactly one running scheduler leads and every other running one answers /leaderhealth as a
   * follower (503), and returns the leader.
   */
  public SchedulerProcess awaitOneLeader(Duration timeout) {
    AtomicReference<String> last = new AtomicReference<>("");
    AtomicReference<SchedulerProcess> leader = new AtomicReference<>();
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
        List<SchedulerProcess> leaders = new ArrayList<>();
        boolean othersFollow = true;
        StringBuilder seen = new StringBuilder();
        for (SchedulerProcess s : alive()) {
          Optional<Integer> status = s.status("/leaderhealth");
          seen.append(s).append(": ").append(status.map(String::valueOf).orElse("no answer")).append("; ");
          if (status.orElse(0) == 200) {
            leaders.add(s);
          } else if (status.orElse(0) != 503) {
            othersFollow = false;
          }
        }
        last.set(seen.toString());
        if (leaders.size() > 1) {
          // Not a state to wait out: fails at once (Awaitility passes on exceptions other than assertion errors).
          throw new IllegalStateException("more than one scheduler leads: " + last.get());
        }
        leader.set(leaders.size() == 1 && othersFollow ? leaders.get(0) : null);
        return leader.get() != null;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no single leader within " + timeout + ": " + last.get() + "\n" + report(), e);
    }
    return leader.get();
  }

  /** The HTTP ports of the serverset's members (what clients read to find the leader). */
  List<Integer> serversetPorts() throws Exception {
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), 10_000, 5_000,
        new RetryOneTime(200))) {
      client.start();
      if (client.checkExists().forPath(SERVERSET) == null) {
        return List.of();
      }
      List<Integer> ports = new ArrayList<>();
      for (String member : client.getChildren().forPath(SERVERSET)) {
        try {
          JsonNode json = ModelJson.mapper().readTree(client.getData().forPath(SERVERSET + "/" + member));
          ports.add(json.path("serviceEndpoint").path("port").asInt());
        } catch (KeeperException.NoNodeException gone) {
          // withdrawn while we listed
        }
      }
      return ports;
    }
  }

  /** Sends a write to any running scheduler and follows its redirect to the leader, as the client does. */
  Optional<Http.Reply> write(String method, String path, String json) {
    for (SchedulerProcess s : alive()) {
      try {
        return Optional.of(send(s, path, HttpRequest.newBuilder().header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))));
      } catch (IOException e) {
        // that one is down or going down: try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** A GET sent to one scheduler, following its redirect to the leader as clients do. */
  Http.Reply read(SchedulerProcess s, String path) {
    try {
      return send(s, path, HttpRequest.newBuilder().GET());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " from " + s + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private Http.Reply send(SchedulerProcess s, String path, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return Http.reply(following.send(request.uri(URI.create("http://127.0.0.1:" + s.httpPort + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** Retries a write until a leader accepts it (2xx), and returns that reply. */
  Http.Reply writeUntilAccepted(String method, String path, String json, Duration timeout) {
    AtomicReference<String> last = new AtomicReference<>("no scheduler answered");
    AtomicReference<Http.Reply> accepted = new AtomicReference<>();
    try {
      // Polled often enough for the failover benchmark to time it.
      await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
        Optional<Http.Reply> reply = write(method, path, json);
        if (reply.isPresent() && reply.get().status() / 100 == 2) {
          accepted.set(reply.get());
          return true;
        }
        last.set(reply.map(r -> r.status() + " " + r.body()).orElse("no scheduler answered"));
        return false;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(method + " " + path + " was not accepted within " + timeout + ": " + last.get() + "\n"
          + report(), e);
    }
    return accepted.get();
  }

  /** Every scheduler's recent output, for failure messages. */
  public String report() {
    StringBuilder b = new StringBuilder();
    for (SchedulerProcess s : schedulers) {
      b.append("==== ").append(s).append(s.isAlive() ? " running" : " stopped").append(", last lines of ")
          .append(s.output).append(":\n").append(s.tail(25)).append('\n');
      if (s.isAlive()) {
        b.append("---- its starting threads:\n").append(s.startupThreads());
      }
    }
    return b.toString();
  }

  /** Kills every scheduler, then stops Mesos and ZooKeeper; an interrupt still leaves nothing running. */
  @Override
  public void close() throws IOException {
    boolean interrupted = false;
    try {
      for (SchedulerProcess s : schedulers) {
        try {
          s.kill();
        } catch (InterruptedException e) {
          interrupted = true;  // it was sent SIGKILL before the wait: go on with the others
        }
      }
    } finally {
      try {
        mesos.close();
      } finally {
        zk.close();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
