package io.github.auroradist.emulator.cli;

import io.github.auroradist.common.units.TimeAmount;
import io.github.auroradist.emulator.agent.AgentConfig;
import io.github.auroradist.emulator.agent.AgentServer;
import io.github.auroradist.emulator.containers.Isolation;
import io.github.auroradist.emulator.local.LocalCluster;
import io.github.auroradist.emulator.master.MasterConfig;
import io.github.auroradist.emulator.master.MasterServer;
import io.github.auroradist.emulator.resources.Attributes;
import io.github.auroradist.emulator.resources.ResourceSet;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesos-emulator master|agent|local}: a stand-in for Apache Mesos in tests and dev clusters. */
@Command(name = "mesos-emulator", mixinStandardHelpOptions = true, version = "mesos-emulator (Mesos 1.11.0 APIs)",
    description = {"A Mesos master/agent emulator for tests and one-machine dev clusters.",
        "Never for production: production clusters run Apache Mesos."},
    subcommands = {MesosEmulator.MasterCommand.class, MesosEmulator.AgentCommand.class,
        MesosEmulator.LocalCommand.class, ZooKeeperCommand.class, SimulatedAgentsCommand.class})
public final class MesosEmulator implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println(
        "Missing command: use master, agent, local, zookeeper or simulated-agents (see --help).");
    return 1;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (the servers keep running for master/agent/local). */
  public static int run(String... args) {
    return run(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), args);
  }

  /** Runs the command line writing to the given streams (tests read them). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = new CommandLine(new MesosEmulator());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setParameterExceptionHandler((ex, argv) -> {
      PrintWriter errors = ex.getCommandLine().getErr();
      errors.println("error: " + ex.getMessage());
      errors.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the flags.");
      return 1;
    });
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + ex.getMessage());
      return 1;
    });
    return cmd.execute(args);
  }

  static Duration duration(String flag, String text) {
    try {
      return TimeAmount.parse(text).toDuration();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + flag + ": " + e.getMessage());
    }
  }

  static String defaultHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  static String advertised(String bindIp, String advertiseIp) {
    if (advertiseIp != null) {
      return advertiseIp;
    }
    if (!"0.0.0.0".equals(bindIp)) {
      return bindIp;
    }
    try {
      InetAddress local = InetAddress.getLocalHost();
      if (!local.isLoopbackAddress()) {
        return local.getHostAddress();
      }
    } catch (UnknownHostException e) {
      // look at the interfaces instead
    }
    // Debian maps the host name to 127.0.1.1; other machines need a routable address.
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
            return address.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // fall through to loopback
    }
    return "127.0.0.1";
  }

  static void awaitShutdown(AutoCloseable... servers) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (AutoCloseable s : servers) {
        try {
          s.close();
        } catch (Exception e) {
          // shutting down anyway
        }
      }
      stop.countDown();
    }));
    stop.await();
  }

  /** Flags the master and local commands share. */
  static class MasterOptions {
    @Option(names = "--ip", description = "Address to listen on (default: 0.0.0.0 for master, 127.0.0.1 for local).")
    String ip;

    @Option(names = "--advertise_ip", description = "Address others use to reach this master (default: --ip, or"
        + " this host's address when --ip is 0.0.0.0).")
    String advertiseIp;

    @Option(names = "--hostname",
        description = "Host name in MasterInfo, redirects and /state (default: this host's name).")
    String hostname;

    @Option(names = "--zk", description = "zk://host:port[,host:port]/path of the master group (e.g."
        + " zk://localhost:2181/mesos); masters elect a leader there.")
    String zk;

    @Option(names = "--zk_session_timeout", defaultValue = "10secs",
        description = "ZooKeeper session timeout (default: ${DEFAULT-VALUE}).")
    String zkSessionTimeout;

    @Option(names = "--agent_ping_timeout", defaultValue = "15secs",
        description = "Agents ping this often; see --max_agent_ping_timeouts (default: ${DEFAULT-VALUE}).")
    String agentPingTimeout;

    @Option(names = "--max_agent_ping_timeouts", defaultValue = "5",
        description = "Missed pings after which an agent is removed and its tasks are lost"
            + " (default: ${DEFAULT-VALUE}).")
    int maxAgentPingTimeouts;

    @Option(names = "--offer_timeout", description = "Rescind offers not used within this time (default: never).")
    String offerTimeout;

    @Option(names = "--allocation_interval", defaultValue = "1secs",
        description = "How often free resources are offered (default: ${DEFAULT-VALUE}).")
    String allocationInterval;

    @Option(names = "--heartbeat_interval", defaultValue = "15secs",
        description = "HEARTBEAT period on scheduler streams (Mesos uses 15secs) (default: ${DEFAULT-VALUE}).")
    String heartbeatInterval;

    @Option(names = "--status_update_retry_interval", defaultValue = "10secs",
        description = "First re-send of an unacknowledged status update; doubles up to 10mins"
            + " (default: ${DEFAULT-VALUE}).")
    String statusUpdateRetryInterval;

    MasterConfig config(int port, String defaultIp) {
      if (maxAgentPingTimeouts < 1) {
        throw new IllegalArgumentException("--max_agent_ping_timeouts must be at least 1, got " + maxAgentPingTimeouts);
      }
      String bind = ip == null ? defaultIp : ip;
      if (zk != null) {
        io.github.auroradist.emulator.zk.ZkAddress.parse(zk);
      }
      return new MasterConfig(bind, advertised(bind, advertiseIp), hostname == null ? defaultHostname() : hostname,
          port, zk, duration("zk_session_timeout", zkSessionTimeout), duration("agent_ping_timeout", agentPingTimeout),
          maxAgentPingTimeouts, offerTimeout == null ? null : duration("offer_timeout", offerTimeout),
          duration("allocation_interval", allocationInterval), duration("heartbeat_interval", heartbeatInterval),
          duration("status_update_retry_interval", statusUpdateRetryInterval));
    }
  }

  /** Flags the agent and local commands share. */
  static class AgentOptions {
    @Option(names = "--work_dir", required = true, description = "Root of the sandboxes (required).")
    Path workDir;

    @Option(names = "--resources",
        description = "Resources to offer, e.g. \"cpus:4;mem:4096;disk:20000;ports:[31000-32000];gpus:0\""
        + " (default: cpus = processors, mem = 4096, disk = 20000, ports [31000-32000]).")
    String resources;

    @Option(names = "--attributes", description = "Attributes to offer, e.g. \"rack:a;zone:z1\".")
    String attributes;

    @Option(names = "--executor_registration_timeout", defaultValue = "1mins",
        description = "How long an executor may take to subscribe (default: ${DEFAULT-VALUE}).")
    String executorRegistrationTimeout;

    @Option(names = "--executor_shutdown_grace_period", defaultValue = "5secs",
        description = "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: time between SHUTDOWN and SIGTERM"
            + " (default: ${DEFAULT-VALUE}).")
    String executorShutdownGracePeriod;

    @Option(names = "--recovery_timeout", defaultValue = "15mins",
        description = "Passed to executors as MESOS_RECOVERY_TIMEOUT (default: ${DEFAULT-VALUE}).")
    String recoveryTimeout;

    @Option(names = "--[no-]switch_user", defaultValue = "true", negatable = true,
        description = "Run executors as the task's user when the agent runs as root (default: ${DEFAULT-VALUE}).")
    boolean switchUser;

    @Option(names = "--isolation", defaultValue = "",
        description = "Isolators, as Mesos names them: cgroups/cpu,cgroups/mem limit each container's cpu and"
            + " memory through cgroups (v2, or v1 where v2 lacks the controllers) (default: none).")
    String isolation;

    AgentConfig config(String bindIp, String advertiseIp, String hostname, int port, String master, Path dir,
        Duration zkSession) {
      ResourceSet res = ResourceSet.parse(resources != null ? resources
          : "cpus:" + Runtime.getRuntime().availableProcessors() + ";mem:4096;disk:20000;ports:[31000-32000]");
      return new AgentConfig(bindIp, advertiseIp, hostname, port, master, dir, res, Attributes.parse(attributes),
          duration("executor_registration_timeout", executorRegistrationTimeout),
          duration("executor_shutdown_grace_period", executorShutdownGracePeriod),
          duration("recovery_timeout", recoveryTimeout), switchUser, zkSession, Isolation.parse(isolation));
    }
  }

  @Command(name = "master", mixinStandardHelpOptions = true,
      description = "Run a master (scheduler API, /state, agents' registry).")
  static final class MasterCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "5050", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--work_dir",
        description = "Accepted for Mesos compatibility; the emulator keeps no registry on disk.")
    Path workDir;

    @CommandLine.Mixin
    MasterOptionsMixin options;

    @Override
    public Integer call() throws Exception {
      MasterServer server = MasterServer.start(options.config(port, "0.0.0.0"));
      awaitShutdown(server);
      return 0;
    }
  }

  /** picocli mixins must be public-ish classes with a no-arg constructor. */
  static final class MasterOptionsMixin extends MasterOptions {}

  static final class AgentOptionsMixin extends AgentOptions {}

  @Command(name = "agent", mixinStandardHelpOptions = true,
      description = "Run an agent that launches executors as real processes.")
  static final class AgentCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "5051", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--master", required = true,
        description = "The master: host:port, http://host:port or zk://host:port/path (required).")
    String master;

    @Option(names = "--ip", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String ip;

    @Option(names = "--advertise_ip", description = "Address the master and executors use to reach this agent.")
    String advertiseIp;

    @Option(names = "--hostname", description = "Host name offered to frameworks (default: this host's name).")
    String hostname;

    @Option(names = "--zk_session_timeout", defaultValue = "10secs",
        description = "ZooKeeper session timeout (default: ${DEFAULT-VALUE}).")
    String zkSessionTimeout;

    @CommandLine.Mixin
    AgentOptionsMixin options;

    @Override
    public Integer call() throws Exception {
      AgentConfig config = options.config(ip, advertised(ip, advertiseIp),
          hostname == null ? defaultHostname() : hostname, port, master, options.workDir,
          duration("zk_session_timeout", zkSessionTimeout));
      AgentServer server = AgentServer.start(config);
      awaitShutdown(server);
      return 0;
    }
  }

  @Command(name = "local", mixinStandardHelpOptions = true,
      description = "Run a master and N agents in one process (tests, dev cluster).")
  static final class LocalCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "5050", description = "Master HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--agent_port", defaultValue = "5051",
        description = "Port of the first agent; agent i listens on agent_port + i (default: ${DEFAULT-VALUE}).")
    int agentPort;

    @Option(names = "--agents", defaultValue = "1", description = "Number of agents (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--distinct_hosts", description = "Agent i listens on 127.0.0.(i+2) and uses that address as its"
        + " host name, so the agents look like separate hosts (e.g. for host limit constraints).")
    boolean distinctHosts;

    @CommandLine.Mixin
    MasterOptionsMixin masterOptions;

    @CommandLine.Mixin
    AgentOptionsMixin agentOptions;

    @Override
    public Integer call() throws Exception {
      if (agents < 0) {
        throw new IllegalArgumentException("--agents must be 0 or more, got " + agents);
      }
      // Local clusters default to loopback: nothing outside this machine should reach them by accident.
      MasterConfig master = masterOptions.config(port, "127.0.0.1");
      AgentConfig template = agentOptions.config(master.bindIp(), master.advertiseIp(), master.hostname(), agentPort,
          null, agentOptions.workDir, master.zkSessionTimeout());
      LocalCluster cluster = LocalCluster.start(master, template, agents, agentOptions.workDir, distinctHosts);
      System.out.println("Mesos emulator: master at " + cluster.masterUri() + " with " + agents + " agent(s)"
          + " under " + agentOptions.workDir);
      awaitShutdown(cluster);
      return 0;
    }
  }
}
