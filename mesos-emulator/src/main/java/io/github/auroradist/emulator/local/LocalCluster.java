package io.github.auroradist.emulator.local;

import io.github.auroradist.emulator.agent.AgentConfig;
import io.github.auroradist.emulator.agent.AgentServer;
import io.github.auroradist.emulator.master.MasterConfig;
import io.github.auroradist.emulator.master.MasterServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A master and N agents in one process, each agent with its own port, work directory
 * ({@code <work_dir>/agent-<i>}) and slice of the port ranges. For tests and the one-machine dev
 * cluster.
 */
public final class LocalCluster implements AutoCloseable {
  private final MasterServer master;
  private final List<AgentServer> agents;

  private LocalCluster(MasterServer master, List<AgentServer> agents) {
    this.master = master;
    this.agents = agents;
  }

  /**
   * Starts the cluster. Agent ports are {@code agentTemplate.port() + i} (or free ports when the
   * template's port is 0); every agent talks to this master directly (or through its zk:// group).
   */
  public static LocalCluster start(MasterConfig masterConfig, AgentConfig agentTemplate, int agentCount,
      Path workDir) throws Exception {
    return start(masterConfig, agentTemplate, agentCount, workDir, false);
  }

  /**
   * As {@link #start(MasterConfig, AgentConfig, int, Path)}; with {@code distinctHosts} agent i listens
   * on the loopback address 127.0.0.(i+2) and uses it as its host name, so schedulers that spread
   * instances over hosts see N hosts.
   */
  public static LocalCluster start(MasterConfig masterConfig, AgentConfig agentTemplate, int agentCount,
      Path workDir, boolean distinctHosts) throws Exception {
    if (distinctHosts && agentCount > 250) {
      throw new IllegalArgumentException("--distinct_hosts supports up to 250 agents, got " + agentCount);
    }
    if (agentCount < 0) {
      throw new IllegalArgumentException("--agents must be 0 or more, got " + agentCount);
    }
    MasterServer master = MasterServer.start(masterConfig);
    List<AgentServer> agents = new ArrayList<>();
    try {
      String masterAddress = masterConfig.zk() != null ? masterConfig.zk()
          : masterConfig.advertiseIp() + ":" + master.port();
      for (int i = 0; i < agentCount; i++) {
        AgentConfig c = agentConfig(agentTemplate, agentCount, i, masterAddress, workDir, distinctHosts);
        agents.add(AgentServer.start(c));
      }
    } catch (Exception e) {
      for (AgentServer a : agents) {
        a.close();
      }
      master.close();
      throw e;
    }
    return new LocalCluster(master, agents);
  }

  /**
   * The configuration of agent {@code index} of {@code count} on one machine: port {@code template.port()
   * + index} (free when the template's is 0), work directory {@code <workDir>/agent-<index>}, its own
   * slice of the port ranges (the agents share the machine's ports), and with {@code distinctHosts} the
   * loopback address 127.0.0.(index+2) as its address and host name.
   */
  public static AgentConfig agentConfig(AgentConfig template, int count, int index, String masterAddress,
      Path workDir, boolean distinctHosts) {
    int port = template.port() == 0 ? 0 : template.port() + index;
    String ownIp = "127.0.0." + (index + 2);
    return new AgentConfig(distinctHosts ? ownIp : template.bindIp(),
        distinctHosts ? ownIp : template.advertiseIp(), distinctHosts ? ownIp : template.hostname(),
        port, masterAddress, workDir.resolve("agent-" + index),
        template.resources().withRangeSlice("ports", count, index), template.attributes(),
        template.executorRegistrationTimeout(), template.executorShutdownGracePeriod(), template.recoveryTimeout(),
        template.switchUser(), template.zkSessionTimeout(), template.isolation());
  }

  public MasterServer master() {
    return master;
  }

  /** The master's base URI, e.g. http://127.0.0.1:5050. */
  public URI masterUri() {
    return master.uri();
  }

  public List<AgentServer> agents() {
    return List.copyOf(agents);
  }

  /** Waits until every agent has registered with the master. */
  public void awaitAgentsRegistered(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (agents.stream().anyMatch(a -> a.agentId().isEmpty())) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("agents did not register with the master within " + timeout);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    for (AgentServer a : agents) {
      a.close();
    }
    master.close();
  }
}
