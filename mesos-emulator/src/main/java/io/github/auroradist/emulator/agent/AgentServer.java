package io.github.auroradist.emulator.agent;

import io.github.auroradist.emulator.http.Servers;
import java.net.URI;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running agent: its HTTP server and the agent behind it. */
public final class AgentServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);

  private final Agent agent;
  private final Server server;

  private AgentServer(Agent agent, Server server) {
    this.agent = agent;
    this.server = server;
  }

  public static AgentServer start(AgentConfig config) throws Exception {
    Agent agent = new Agent(config);
    Server server;
    try {
      server = Servers.start("agent", config.bindIp(), config.port(), new AgentRoutes(agent).handler());
    } catch (Exception e) {
      agent.close(false);
      throw e;
    }
    agent.start(Servers.port(server));
    LOG.info("Mesos emulator agent listening on {}:{}, master {}, work_dir {}", config.bindIp(),
        Servers.port(server), config.master(), config.workDir());
    return new AgentServer(agent, server);
  }

  public int port() {
    return Servers.port(server);
  }

  public URI uri() {
    return URI.create("http://" + agent.config().advertiseIp() + ":" + port());
  }

  /** The id the master gave this agent, once registered. */
  public Optional<String> agentId() {
    return agent.id();
  }

  public AgentConfig config() {
    return agent.config();
  }

  /** Cuts the agent off from its master; see {@link Agent#partition}. */
  public void partition() {
    agent.partition();
  }

  /** Ends the partition: the agent re-registers with the tasks it still runs. */
  public void heal() {
    agent.heal();
  }

  /** Stops the agent as if its machine died: no goodbye to the master; executors are killed. */
  @Override
  public void close() {
    agent.close(true);
    Servers.stop(server);
  }
}
