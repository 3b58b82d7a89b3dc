package io.github.auroradist.emulator.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.agent.AgentConfig;
import io.github.auroradist.emulator.agent.AgentServer;
import io.github.auroradist.emulator.local.LocalCluster;
import io.github.auroradist.emulator.master.MasterConfig;
import io.github.auroradist.emulator.master.MasterServer;
import io.github.auroradist.emulator.resources.Attributes;
import io.github.auroradist.emulator.resources.ResourceSet;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.curator.test.TestingServer;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/**
 * An emulated Mesos cluster for a test: optionally a ZooKeeper (Curator's TestingServer) with the
 * masters' group in it, one or more masters, and agents on free loopback ports with the fast timings
 * of {@link Clusters}. {@link Builder#start()} returns once every agent has registered; closing stops
 * agents (killing their executors), masters and ZooKeeper.
 *
 * <pre>{@code
 * try (EmulatorCluster cluster = EmulatorCluster.builder(workDir).agents(2).resources("cpus:2;mem:1024").start();
 *     SchedulerConnection scheduler = cluster.subscribe("test")) { ... }
 * }</pre>
 */
public final class EmulatorCluster implements AutoCloseable {
  /** How long start() waits for masters to lead and agents to register. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** The resources of the agents most scheduler, executor and client tests run tasks on. */
  public static final String STANDARD_RESOURCES = "cpus:4;mem:4096;disk:20000;ports:[31000-31100]";
  /** The attributes of those agents. */
  public static final String STANDARD_ATTRIBUTES = "rack:r1";

  private final TestingServer zooKeeper;
  private final List<MasterConfig> masterConfigs;
  private final List<MasterServer> masters;
  private final List<AgentServer> agents;
  private final String executorCommand;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmulatorCluster(TestingServer zooKeeper, List<MasterConfig> masterConfigs,
      List<MasterServer> masters, List<AgentServer> agents, String executorCommand) {
    this.zooKeeper = zooKeeper;
    this.masterConfigs = masterConfigs;
    this.masters = masters;
    this.agents = agents;
    this.executorCommand = executorCommand;
  }

  /** A cluster whose agents work under {@code <workDir>/agent-<i>}. */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /** The first master (the leader, unless it was stopped). */
  public MasterServer master() {
    return masters.get(0);
  }

  public List<MasterServer> masters() {
    return List.copyOf(masters);
  }

  /** The master that leads now. */
  public MasterServer leader() {
    return masters.stream().filter(MasterServer::isLeader).findFirst()
        .orElseThrow(() -> new AssertionError("no master of the cluster leads"));
  }

  /** The first master's base URI, e.g. http://127.0.0.1:41234. */
  public URI masterUri() {
    return master().uri();
  }

  public List<AgentServer> agents() {
    return List.copyOf(agents);
  }

  public AgentServer agent(int index) {
    return agents.get(index);
  }

  /** The id the master gave agent {@code index}. */
  public String agentId(int index) {
    return agents.get(index).agentId().orElseThrow(() -> new AssertionError("agent " + index + " is not registered"));
  }

  /** host:port of the ZooKeeper; only with {@link Builder#zooKeeper()}. */
  public String zkConnectString() {
    requireZooKeeper();
    return zooKeeper.getConnectString();
  }

  /** zk://host:port/mesos, the masters' group; only with {@link Builder#zooKeeper()}. */
  public String zkUrl() {
    return "zk://" + zkConnectString() + "/mesos";
  }

  private void requireZooKeeper() {
    if (zooKeeper == null) {
      throw new IllegalStateException("this cluster has no ZooKeeper; build it with zooKeeper()");
    }
  }

  /** Subscribes a framework of this name (run as the current user) to the first master. */
  public SchedulerConnection subscribe(String frameworkName) throws Exception {
    return subscribe(SchedulerConnection.framework(frameworkName).build());
  }

  public SchedulerConnection subscribe(FrameworkInfo framework) throws Exception {
    return SchedulerConnection.subscribe(masterUri(), framework);
  }

  /** An executor running the builder's executor command ({@link TestExecutor} unless set). */
  public ExecutorInfo executor(String executorId) {
    ExecutorInfo base = Tasks.testExecutor(executorId);
    return base.toBuilder().setCommand(base.getCommand().toBuilder().setValue(executorCommand)).build();
  }

  /** The runs directory of an executor (or command task) on the agent with this id; {@code latest} points into it. */
  public Path runs(String agentId, String frameworkId, String executorId) {
    AgentServer agent = agents.stream().filter(a -> a.agentId().orElse("").equals(agentId)).findFirst()
        .orElseThrow(() -> new AssertionError("no agent " + agentId + " in the cluster"));
    return agent.config().workDir().resolve("slaves").resolve(agentId).resolve("frameworks").resolve(frameworkId)
        .resolve("executors").resolve(executorId).resolve("runs");
  }

  /** The first master's /state. */
  public JsonNode state() throws Exception {
    return StateReader.state(masterUri());
  }

  /**
   * Stops the first master and starts it again on the same port; it starts empty, as a restarted Mesos master would.
   */
  public MasterServer restartMaster() throws Exception {
    MasterServer old = masters.get(0);
    int port = old.port();
    old.close();
    MasterServer restarted = MasterServer.start(masterConfigs.get(0).withPort(port));
    masters.set(0, restarted);
    return restarted;
  }

  /** Stops agents, then masters, then ZooKeeper (each even when another fails to stop); once only. */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<Closeable> all = new ArrayList<>();
    agents.forEach(a -> all.add(a::close));
    masters.forEach(m -> all.add(m::close));
    if (zooKeeper != null) {
      all.add(zooKeeper);
    }
    closeAll(all);
  }

  /** Closes each, even when one fails; the first failure is thrown with the later ones suppressed in it. */
  private static void closeAll(List<Closeable> all) throws IOException {
    Exception failure = null;
    for (Closeable c : all) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure != null) {
      throw (RuntimeException) failure;
    }
  }

  /** How to build the cluster; every option has a test-friendly default. */
  public static final class Builder {
    private final Path workDir;
    private int agentCount = 1;
    private int masterCount = 1;
    private boolean zooKeeper;
    private String zooKeeperAt;
    private boolean distinctHosts;
    private MasterConfig master = Clusters.fastMaster();
    private AgentConfig agent;
    private String executorCommand = TestExecutor.command();

    private Builder(Path workDir) {
      this.workDir = workDir;
      this.agent = Clusters.fastAgent(workDir);
    }

    /** Number of agents (default 1; 0 for a master alone). */
    public Builder agents(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("agents: 0 or more, got " + count);
      }
      this.agentCount = count;
      return this;
    }

    /** Number of masters (default 1); more than one needs {@link #zooKeeper()}. The first leads. */
    public Builder masters(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("masters: 1 or more, got " + count);
      }
      this.masterCount = count;
      return this;
    }

    /** Starts a ZooKeeper; masters join the group zk://.../mesos there and agents follow its leader. */
    public Builder zooKeeper() {
      this.zooKeeper = true;
      return this;
    }

    /**
     * Masters join the group zk://{@code connectString}/mesos of a ZooKeeper the test runs (and stops) itself, and
     * agents follow its leader.
     */
    public Builder zooKeeperAt(String connectString) {
      this.zooKeeperAt = connectString;
      return this;
    }

    /** Agent i on loopback address 127.0.0.(i+2), so that each is a host of its own (as local --distinct_hosts). */
    public Builder distinctHosts() {
      this.distinctHosts = true;
      return this;
    }

    /** Agents with {@link #STANDARD_RESOURCES} and {@link #STANDARD_ATTRIBUTES}. */
    public Builder standardAgents() {
      return resources(STANDARD_RESOURCES).attributes(STANDARD_ATTRIBUTES);
    }

    /** Each agent's resources, in --resources form; port ranges are cut into one slice per agent. */
    public Builder resources(String resources) {
      agent = agent.withResources(ResourceSet.parse(resources), agent.attributes());
      return this;
    }

    /** Each agent's attributes, in --attributes form ("rack:a;zone:z1"). */
    public Builder attributes(String attributes) {
      agent = agent.withResources(agent.resources(), Attributes.parse(attributes));
      return this;
    }

    /** How long an executor may take to subscribe (default 20 s). */
    public Builder executorRegistrationTimeout(Duration timeout) {
      agent = agent.withTimeouts(timeout, agent.executorShutdownGracePeriod());
      return this;
    }

    /** Time between SHUTDOWN and SIGTERM (default 1 s). */
    public Builder executorShutdownGracePeriod(Duration grace) {
      agent = agent.withTimeouts(agent.executorRegistrationTimeout(), grace);
      return this;
    }

    /** Offers not used within this time are rescinded (default never). */
    public Builder offerTimeout(Duration timeout) {
      master = master.withTimings(master.agentPingTimeout(), master.maxAgentPingTimeouts(), timeout,
          master.allocationInterval(), master.heartbeatInterval(), master.statusUpdateRetryInterval());
      return this;
    }

    /** The shell command of {@link EmulatorCluster#executor} (default: {@link TestExecutor#command()}). */
    public Builder executorCommand(String command) {
      this.executorCommand = command;
      return this;
    }

    /** Any other change to the masters' configuration (its port stays free: 0). */
    public Builder master(UnaryOperator<MasterConfig> change) {
      master = change.apply(master);
      return this;
    }

    /** Any other change to the agent template (ports and work directories are set per agent). */
    public Builder agent(UnaryOperator<AgentConfig> change) {
      agent = change.apply(agent);
      return this;
    }

    public EmulatorCluster start() throws Exception {
      if (zooKeeper && zooKeeperAt != null) {
        throw new IllegalStateException("zooKeeper() starts a ZooKeeper, zooKeeperAt() names one: choose one");
      }
      if (masterCount > 1 && !zooKeeper && zooKeeperAt == null) {
        throw new IllegalStateException("several masters elect their leader in ZooKeeper: add zooKeeper()");
      }
      List<Closeable> started = new ArrayList<>();
      try {
        TestingServer zk = null;
        if (zooKeeper) {
          zk = new TestingServer(true);
          started.add(zk);
        }
        String zkConnect = zk != null ? zk.getConnectString() : zooKeeperAt;
        MasterConfig config = zkConnect == null ? master : master.withZk("zk://" + zkConnect + "/mesos");
        List<MasterConfig> configs = new ArrayList<>();
        List<MasterServer> masters = new ArrayList<>();
        for (int i = 0; i < masterCount; i++) {
          MasterServer m = MasterServer.start(config);
          started.add(m::close);
          configs.add(config);
          masters.add(m);
          if (i == 0) { // the next ones join behind it, so the first leads
            await().atMost(START_TIMEOUT).until(m::isLeader);
          }
        }
        String masterAddress = config.zk() != null ? config.zk()
            : config.advertiseIp() + ":" + masters.get(0).port();
        List<AgentServer> agents = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) {
          AgentServer a = AgentServer.start(LocalCluster.agentConfig(agent, agentCount, i, masterAddress, workDir,
              distinctHosts));
          started.add(a::close);
          agents.add(a);
        }
        await().atMost(START_TIMEOUT).until(() -> agents.stream().allMatch(a -> a.agentId().isPresent()));
        return new EmulatorCluster(zk, configs, masters, agents, executorCommand);
      } catch (Exception | AssertionError e) {
        try {
          Collections.reverse(started);
          closeAll(started);
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }
}
