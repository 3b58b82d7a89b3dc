package io.github.auroradist.benchmarks.scale;

import io.github.auroradist.emulator.cli.MesosEmulator;
import io.github.auroradist.emulator.master.MasterConfig;
import io.github.auroradist.emulator.master.MasterServer;
import io.github.auroradist.emulator.sim.SimulatedAgents;
import io.github.auroradist.scheduler.SchedulerMain;
import io.github.auroradist.scheduler.storage.SchedulerLogTool;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Everything a scale run starts, on loopback: one ZooKeeper server ({@code mesos-emulator zookeeper}, a process),
 * the Mesos emulator's master and the simulated agents in this JVM (they run nothing), and each coordinator's
 * scheduler as its own JVM, its replicated log initialized first as {@code aurora-scheduler-log initialize} does.
 */
final class ScaleCluster implements AutoCloseable {
  static final String SERVERSET = "/aurora/scheduler";
  /** What every simulated agent offers: enough for the default 10 tasks per agent with their executors. */
  static final String AGENT_RESOURCES = "cpus:8;mem:16384;disk:100000;ports:[31000-32000]";

  final List<SchedulerNode> schedulers = new ArrayList<>();
  private final Process zk;
  private final MasterServer master;
  private final SimulatedAgents agents;

  private ScaleCluster(Process zk, MasterServer master, SimulatedAgents agents) {
    this.zk = zk;
    this.master = master;
    this.agents = agents;
  }

  /**
   * Starts ZooKeeper, the master and {@code agentCount} simulated agents, and sets up (does not start)
   * {@code coordinators} schedulers run by {@code java} with {@code jvmOptions} from {@code classPath}.
   */
  static ScaleCluster start(Path dir, int agentCount, int coordinators, List<String> jvmOptions, String classPath,
      int maxTasksPerJob, Pids pids) throws Exception {
    int zkPort = freePort();
    Process zk = startZooKeeper(dir.resolve("zookeeper"), zkPort, classPath, pids);
    String zkConnect = "127.0.0.1:" + zkPort;
    MasterServer master = null;
    SimulatedAgents agents = null;
    try {
      master = MasterServer.start(MasterConfig.defaults().withPort(0).withZk("zk://" + zkConnect + "/mesos"));
      agents = SimulatedAgents.start(master.uri(),
          new SimulatedAgents.Settings(agentCount, AGENT_RESOURCES, Duration.ZERO, 0, 1));
      ScaleCluster cluster = new ScaleCluster(zk, master, agents);
      int[] logPorts = new int[coordinators];
      StringBuilder peers = new StringBuilder();
      for (int i = 0; i < coordinators; i++) {
        logPorts[i] = freePort();
        peers.append(i == 0 ? "" : ",").append("127.0.0.1:").append(logPorts[i]);
      }
      String clusterId = UUID.randomUUID().toString();
      for (int i = 0; i < coordinators; i++) {
        int httpPort = freePort();
        Path home = dir.resolve("scheduler-" + i);
        Path logDir = home.resolve("db");
        initializeLog(classPath, logDir, clusterId);
        List<String> command = java(classPath, jvmOptions, SchedulerMain.class.getName());
        // The flags of the package's aurora-scheduler-startup with its defaults file, on loopback.
        command.addAll(List.of("-cluster_name=scale", "-http_port=" + httpPort, "-zk_endpoints=" + zkConnect,
            "-mesos_master_address=zk://" + zkConnect + "/mesos", "-serverset_path=" + SERVERSET,
            "-native_log_file_path=" + logDir, "-native_log_quorum_size=" + (coordinators / 2 + 1),
            "-native_log_port=" + logPorts[i], "-native_log_peers=" + peers,
            "-backup_dir=" + home.resolve("backups"), "-backup_interval=1hrs", "-max_saved_backups=48",
            "-thermos_executor_path=/usr/bin/thermos_executor",
            "-thermos_executor_flags=--announcer-ensemble " + zkConnect, "-ip=127.0.0.1", "-hostname=127.0.0.1",
            // Jobs as large as the run asks for (the default limit is 4,000 tasks a job).
            "-max_tasks_per_job=" + maxTasksPerJob));
        cluster.schedulers.add(new SchedulerNode(i, httpPort, logDir, dir.resolve("scheduler-" + i + ".log"),
            command, pids));
      }
      return cluster;
    } catch (Exception | Error e) {
      if (agents != null) {
        agents.close();
      }
      if (master != null) {
        master.close();
      }
      zk.destroyForcibly();
      throw e;
    }
  }

  static List<String> java(String classPath, List<String> jvmOptions, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-Dlogback.configurationFile=benchmark-logback.xml", "-cp", classPath, mainClass));
    return command;
  }

  private static void initializeLog(String classPath, Path logDir, String clusterId) throws Exception {
    List<String> command = java(classPath, List.of("-Xmx128m"), SchedulerLogTool.class.getName());
    command.addAll(List.of("initialize", "--path=" + logDir, "--cluster-id=" + clusterId));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("aurora-scheduler-log initialize --path=" + logDir + " failed: " + out);
    }
  }

  /** {@code mesos-emulator zookeeper}, the dev cluster's single ZooKeeper server, as a process of its own. */
  private static Process startZooKeeper(Path dataDir, int port, String classPath, Pids pids) throws Exception {
    List<String> command = java(classPath, List.of("-Xmx256m"), MesosEmulator.class.getName());
    command.addAll(List.of("zookeeper", "--port=" + port, "--data_dir=" + dataDir));
    Process zk = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dataDir.resolveSibling("zookeeper.log").toFile()).start();
    pids.add(zk.pid());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!answers(port)) {
      if (!zk.isAlive() || System.nanoTime() > deadline) {
        zk.destroyForcibly();
        throw new IllegalStateException("ZooKeeper did not listen on 127.0.0.1:" + port + " within a minute; see "
            + dataDir.resolveSibling("zookeeper.log"));
      }
      Thread.sleep(50);
    }
    return zk;
  }

  private static boolean answers(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int liveSimulatedTasks() {
    return agents.liveTasks();
  }

  /** Kills every scheduler, then stops the agents, the master and ZooKeeper. */
  @Override
  public void close() {
    for (SchedulerNode s : schedulers) {
      try {
        s.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // it was sent SIGKILL already: go on with the others
      }
    }
    agents.close();
    master.close();
    zk.destroyForcibly();
  }
}
