package io.github.auroradist.emulator.master;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;

/** The agents registered with this master, and the ids of those it removed (they may not come back). */
final class AgentRegistry {
  private final String masterId;
  private final Map<String, RegisteredAgent> agents = new LinkedHashMap<>();
  private final Set<String> removed = new HashSet<>();
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

  boolean wasRemoved(String id) {
    return removed.contains(id);
  }

  int removedCount() {
    return removed.size();
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

  /** Removes the agent for good: its id is refused from now on. */
  void remove(RegisteredAgent agent) {
    agents.remove(agent.id.getValue());
    removed.add(agent.id.getValue());
    agent.stop();
  }

  void stopAll() {
    agents.values().forEach(RegisteredAgent::stop);
  }
}
