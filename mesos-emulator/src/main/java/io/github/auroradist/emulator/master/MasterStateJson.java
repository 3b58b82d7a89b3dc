package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.TaskStates;
import io.github.auroradist.emulator.resources.Attributes;
import io.github.auroradist.emulator.resources.ResourceSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.IdentityHashMap;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.TaskStatus;

/** The master's {@code /state}: JSON close to Mesos's. */
final class MasterStateJson {
  private final MasterConfig config;
  private final Instant startTime;
  private final FrameworkRegistry frameworks;
  private final AgentRegistry agents;
  private final Allocator allocator;

  MasterStateJson(MasterConfig config, Instant startTime, FrameworkRegistry frameworks, AgentRegistry agents,
      Allocator allocator) {
    this.config = config;
    this.startTime = startTime;
    this.frameworks = frameworks;
    this.agents = agents;
    this.allocator = allocator;
  }

  /** The state of this master ({@code self}) as the leader {@code leader} (null when none is known) sees it. */
  ObjectNode render(MasterInfo self, MasterInfo leader) {
    ObjectNode root = ProtoJson.MAPPER.createObjectNode();
    root.put("version", AgentProtocol.MESOS_VERSION);
    root.put("id", self.getId());
    root.put("pid", self.getPid());
    root.put("hostname", self.getHostname());
    root.put("start_time", seconds(startTime));
    root.put("activated_slaves", agents.all().size());
    root.put("deactivated_slaves", 0);
    root.put("unreachable_slaves", agents.unreachableCount());
    if (leader != null) {
      root.put("leader", leader.getPid());
      root.set("leader_info", ProtoJson.tree(leader));
    }
    ObjectNode flags = root.putObject("flags");
    flags.put("port", String.valueOf(self.getPort()));
    flags.put("hostname", config.hostname());
    if (config.zk() != null) {
      flags.put("zk", config.zk());
    }
    flags.put("agent_ping_timeout", config.agentPingTimeout().toMillis() + "ms");
    flags.put("max_agent_ping_timeouts", String.valueOf(config.maxAgentPingTimeouts()));
    ArrayNode slaves = root.putArray("slaves");
    IdentityHashMap<RegisteredAgent, ResourceSet> offered = allocator.offeredByAgent();
    for (RegisteredAgent agent : agents.all()) {
      slaves.add(agentJson(agent, offered.getOrDefault(agent, ResourceSet.EMPTY)));
    }
    ArrayNode active = root.putArray("frameworks");
    for (Framework fw : frameworks.active()) {
      active.add(frameworkJson(fw, true));
    }
    ArrayNode done = root.putArray("completed_frameworks");
    for (Framework fw : frameworks.completed()) {
      done.add(frameworkJson(fw, false));
    }
    root.putArray("orphan_tasks");
    root.putArray("unregistered_frameworks");
    return root;
  }

  private ObjectNode agentJson(RegisteredAgent agent, ResourceSet offered) {
    ObjectNode a = ProtoJson.MAPPER.createObjectNode();
    a.put("id", agent.id.getValue());
    a.put("pid", "slave(1)@" + agent.endpoint.getHost() + ":" + agent.endpoint.getPort());
    a.put("hostname", agent.info.getHostname());
    a.put("port", agent.endpoint.getPort());
    a.put("active", true);
    a.put("version", AgentProtocol.MESOS_VERSION);
    a.put("registered_time", seconds(agent.registeredTime));
    a.set("resources", agent.total.toJson());
    a.set("used_resources", agent.used().toJson());
    a.set("offered_resources", offered.toJson());
    a.set("unreserved_resources", agent.total.toJson());
    a.putObject("reserved_resources");
    a.set("attributes", Attributes.toJson(agent.info.getAttributesList()));
    return a;
  }

  private ObjectNode frameworkJson(Framework fw, boolean active) {
    ObjectNode f = ProtoJson.MAPPER.createObjectNode();
    f.put("id", fw.id.getValue());
    f.put("name", fw.info.getName());
    f.put("user", fw.info.getUser());
    f.put("hostname", fw.info.getHostname());
    f.put("principal", fw.info.getPrincipal());
    f.put("role", fw.allocationRole() == null ? fw.legacyRole() : fw.allocationRole());
    f.put("active", active && fw.stream != null);
    f.put("connected", fw.stream != null);
    f.put("recovered", false);
    f.put("failover_timeout", fw.info.getFailoverTimeout());
    f.put("checkpoint", fw.info.getCheckpoint());
    f.put("registered_time", seconds(fw.registeredTime));
    f.put("unregistered_time", fw.unregisteredTime == null ? BigDecimal.ZERO : seconds(fw.unregisteredTime));
    ArrayNode caps = f.putArray("capabilities");
    fw.info.getCapabilitiesList().forEach(c -> caps.add(c.getType().name()));
    ResourceSet used = ResourceSet.EMPTY;
    ArrayNode tasks = f.putArray("tasks");
    for (TaskRecord task : fw.tasks.values()) {
      tasks.add(taskJson(task));
      if (!TaskStates.isTerminal(task.state)) {
        used = used.plus(task.resources);
      }
    }
    for (RegisteredAgent agent : agents.all()) {
      for (ExecutorRecord e : agent.executors()) {
        if (e.frameworkId().equals(fw.id)) {
          used = used.plus(e.resources());
        }
      }
    }
    f.set("used_resources", used.toJson());
    f.set("resources", used.toJson());
    ResourceSet offered = ResourceSet.EMPTY;
    ArrayNode offerList = f.putArray("offers");
    for (OfferRecord offer : allocator.offersOf(fw)) {
      offered = offered.plus(offer.resources());
      ObjectNode o = offerList.addObject();
      o.put("id", offer.id().getValue());
      o.put("framework_id", fw.id.getValue());
      o.put("slave_id", offer.agent().id.getValue());
      o.set("resources", offer.resources().toJson());
    }
    f.set("offered_resources", offered.toJson());
    ArrayNode completed = f.putArray("completed_tasks");
    for (TaskRecord task : fw.completedTasks) {
      completed.add(taskJson(task));
    }
    f.putArray("executors");
    return f;
  }

  private static ObjectNode taskJson(TaskRecord task) {
    ObjectNode t = ProtoJson.MAPPER.createObjectNode();
    t.put("id", task.id());
    t.put("name", task.task.getName());
    t.put("framework_id", task.frameworkId.getValue());
    t.put("executor_id", task.task.hasExecutor() ? task.task.getExecutor().getExecutorId().getValue() : "");
    t.put("slave_id", task.agentId.getValue());
    t.put("state", task.state.name());
    t.set("resources", task.resources.toJson());
    if (task.task.hasDiscovery()) {
      // As Mesos's /state: the DiscoveryInfo in its JSON form (visibility, name, ports.ports[]).
      t.set("discovery", ProtoJson.tree(task.task.getDiscovery()));
    }
    ArrayNode statuses = t.putArray("statuses");
    for (TaskStatus status : task.statuses) {
      ObjectNode s = statuses.addObject();
      s.put("state", status.getState().name());
      s.put("timestamp", BigDecimal.valueOf(status.getTimestamp()));
      if (status.hasMessage()) {
        s.put("message", status.getMessage());
      }
      if (status.hasReason()) {
        s.put("reason", status.getReason().name());
      }
    }
    return t;
  }

  /** Seconds since the epoch as Mesos prints them (1700000000.123, never in exponent form). */
  private static BigDecimal seconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
  }
}
