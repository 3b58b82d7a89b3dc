package io.github.auroradist.emulator.master;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;

/**
 * The agents registered with this master, and the ids of those it marked unreachable (their pings stopped); as
 * in Mesos since 1.1, an unreachable agent may come back and re-register under its id.
 */
final class AgentRegistry {
  private final String masterId;
  private final Map<String, RegisteredAgent> agents = new LinkedHashMap<>();
  private final Set<String> unreachable = new HashSet<>();
  /** The queues shared by the agents behind one endpoint that take batches, by endpoint. */
  private final Map<URI, AgentCalls> shared = new HashMap<>();
  private long seq;

  AgentRegistry(String masterId) {
    this.masterId = masterId;
  }

  /** The agent, or null when it is not registered. */
  RegisteredAgent get(String id) {
    return agents.get(id);
  }

  boolean isRegistered(String id) {
    return agents.containsKey(id);
  }

  Collection<RegisteredAgent> all() {
    return Collections.unmodifiableCollection(agents.values());
  }

  boolean isUnreachable(String id) {
    return unreachable.contains(id);
  }

  int unreachableCount() {
    return unreachable.size();
  }

  /** Whether the agent was unreachable; it is not any more. */
  boolean reachableAgain(String id) {
    return unreachable.remove(id);
  }

  /** Adds an agent under its own id, or under a new one when the id is null. */
  RegisteredAgent add(String id) {
    String assigned = id != null ? id : masterId + "-S" + seq++;
    RegisteredAgent agent = new RegisteredAgent(AgentID.newBuilder().setValue(assigned).build());
    agents.put(assigned, agent);
    return agent;
  }

  /** Agents whose last ping is older than the limit. */
  List<RegisteredAgent> silentSince(Instant limit) {
    List<RegisteredAgent> silent = new ArrayList<>();
    for (RegisteredAgent agent : agents.values()) {
      if (agent.lastPing.isBefore(limit)) {
        silent.add(agent);
      }
    }
    return silent;
  }

  /** Removes the agent and marks it unreachable, until it re-registers. */
  void markUnreachable(RegisteredAgent agent) {
    agents.remove(agent.id.getValue());
    unreachable.add(agent.id.getValue());
    agent.stop();
  }

  /** The one queue of the calls to the agents behind {@code endpoint} that take batches. */
  AgentCalls sharedCalls(URI endpoint) {
    return shared.computeIfAbsent(endpoint, e -> new AgentCalls(e.getAuthority(), true));
  }

  void stopAll() {
    agents.values().forEach(RegisteredAgent::stop);
    shared.values().forEach(AgentCalls::stop);
  }
}
