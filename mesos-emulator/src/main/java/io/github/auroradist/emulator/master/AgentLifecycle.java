package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.TaskStates;
import io.github.auroradist.emulator.resources.ResourceSet;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What agents tell the master through the emulator's agent protocol: registration (bringing their
 * frameworks, executors and tasks after a master failover), pings, executor exits and messages; and
 * the removal of an agent whose pings stop.
 */
final class AgentLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLifecycle.class);

  private final MasterConfig config;
  private final String masterId;
  private final MasterLock lock;
  private final AgentRegistry agents;
  private final FrameworkRegistry frameworks;
  private final FrameworkLifecycle lifecycle;
  private final Allocator allocator;
  private final StatusUpdates updates;

  AgentLifecycle(MasterConfig config, String masterId, MasterLock lock, AgentRegistry agents,
      FrameworkRegistry frameworks, FrameworkLifecycle lifecycle, Allocator allocator, StatusUpdates updates) {
    this.config = config;
    this.masterId = masterId;
    this.lock = lock;
    this.agents = agents;
    this.frameworks = frameworks;
    this.lifecycle = lifecycle;
    this.allocator = allocator;
    this.updates = updates;
  }

  void start() {
    lock.every(Duration.ofMillis(Math.max(50, config.agentPingTimeout().toMillis() / 2)), this::checkPings);
  }

  /** Registers or re-registers an agent; the reply carries its id (or an error status). */
  AgentReply register(JsonNode request) {
    AgentInfo agentInfo = ProtoJson.message(request.get("agent_info"), AgentInfo.getDefaultInstance());
    URI endpoint = URI.create(request.path("endpoint").asText());
    String id = agentInfo.hasId() ? agentInfo.getId().getValue() : null;
    boolean returning = id != null && agents.reachableAgain(id);
    RegisteredAgent agent = id == null ? null : agents.get(id);
    List<TaskRecord> toKill = List.of();
    if (agent == null) {
      agent = agents.add(id);
      agent.registeredTime = Instant.now();
      toKill = recover(agent, request, returning);
      LOG.info("agent {} at {} ({}) {} with {}", agent.id.getValue(), endpoint, agentInfo.getHostname(),
          returning ? "came back from being unreachable and re-registered" : "registered",
          ResourceSet.of(agentInfo.getResourcesList()));
    } else {
      LOG.info("agent {} at {} re-registered", id, endpoint);
    }
    agent.info = agentInfo.toBuilder().setId(agent.id).build();
    agent.connect(endpoint, request.path("batch_calls").asBoolean(false) ? agents.sharedCalls(endpoint) : null);
    agent.total = ResourceSet.of(agentInfo.getResourcesList());
    agent.lastPing = Instant.now();
    for (TaskRecord task : toKill) {
      ObjectNode kill = ProtoJson.MAPPER.createObjectNode();
      kill.put("framework_id", task.frameworkId.getValue());
      kill.put("task_id", task.id());
      agent.post(AgentProtocol.KILL, kill);
    }
    ObjectNode reply = ProtoJson.MAPPER.createObjectNode();
    reply.put("agent_id", agent.id.getValue());
    reply.put("master_id", masterId);
    reply.put("ping_interval_ms", config.agentPingTimeout().toMillis());
    allocator.allocateSoon();
    return new AgentReply(200, reply);
  }

  /**
   * After a master failover, or when it comes back from being unreachable, the agent brings its frameworks,
   * executors and tasks along. A returning agent's tasks are no longer unreachable; as in Mesos, those of
   * frameworks that are not PARTITION_AWARE (they were told TASK_LOST) are returned to be killed instead.
   */
  private List<TaskRecord> recover(RegisteredAgent agent, JsonNode request, boolean returning) {
    for (JsonNode node : request.path("frameworks")) {
      FrameworkInfo fi = ProtoJson.message(node, FrameworkInfo.getDefaultInstance());
      if (frameworks.get(fi.getId().getValue()) == null) {
        lifecycle.adopt(fi);
      }
    }
    for (JsonNode node : request.path("executors")) {
      ExecutorInfo ei = ProtoJson.message(node, ExecutorInfo.getDefaultInstance());
      agent.putExecutor(RegisteredAgent.key(ei.getFrameworkId().getValue(), ei.getExecutorId().getValue()),
          new ExecutorRecord(ei.getFrameworkId(), ei.getExecutorId(), ResourceSet.of(ei.getResourcesList())));
    }
    List<TaskRecord> toKill = new ArrayList<>();
    for (JsonNode node : request.path("tasks")) {
      String fwId = node.path("framework_id").asText();
      Framework fw = frameworks.get(fwId);
      if (fw == null) {
        continue;
      }
      TaskInfo task = ProtoJson.message(node.get("task"), TaskInfo.getDefaultInstance());
      TaskRecord record = new TaskRecord(task, fw.id, agent.id, ResourceSet.of(task.getResourcesList()));
      record.state = TaskState.valueOf(node.path("state").asText("TASK_STAGING"));
      if (node.has("status")) {
        record.latest = ProtoJson.message(node.get("status"), TaskStatus.getDefaultInstance());
      }
      if (returning) {
        fw.unreachableTasks.remove(record.id());
        if (!fw.partitionAware()) {
          toKill.add(record);
          continue;
        }
      }
      fw.tasks.put(record.id(), record);
      agent.putTask(RegisteredAgent.key(fwId, record.id()), record);
    }
    return toKill;
  }

  /** 200 for a registered agent, 404 for one this master does not know or marked unreachable (re-register). */
  int ping(String agentId) {
    RegisteredAgent agent = agents.get(agentId);
    if (agent == null) {
      return 404;
    }
    agent.lastPing = Instant.now();
    return 200;
  }

  void executorExited(String agentId, String frameworkId, String executorId, int status) {
    RegisteredAgent agent = agents.get(agentId);
    if (agent != null) {
      agent.removeExecutor(RegisteredAgent.key(frameworkId, executorId));
    }
    Framework fw = frameworks.get(frameworkId);
    if (fw != null) {
      fw.send(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
          .setAgentId(AgentID.newBuilder().setValue(agentId))
          .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
          .setStatus(status)).build());
    }
  }

  void executorMessage(String agentId, String frameworkId, String executorId, byte[] data) {
    Framework fw = frameworks.get(frameworkId);
    if (fw != null) {
      fw.send(Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder()
          .setAgentId(AgentID.newBuilder().setValue(agentId))
          .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
          .setData(ByteString.copyFrom(data))).build());
    }
  }

  private void checkPings() {
    Instant limit = Instant.now().minus(config.agentPingTimeout().multipliedBy(config.maxAgentPingTimeouts()));
    for (RegisteredAgent agent : agents.silentSince(limit)) {
      remove(agent, "health check timed out");
    }
  }

  /**
   * Removes an agent and marks it unreachable: its offers are rescinded, its tasks are lost (unreachable for
   * partition-aware frameworks) and every framework hears of the agent's failure.
   */
  private void remove(RegisteredAgent agent, String why) {
    LOG.warn("removing agent {} ({}): {}", agent.id.getValue(), agent.info.getHostname(), why);
    agents.markUnreachable(agent);
    allocator.rescindOn(agent);
    for (TaskRecord task : agent.tasks()) {
      Framework fw = frameworks.get(task.frameworkId.getValue());
      if (fw == null) {
        continue;
      }
      fw.pendingUpdates.remove(task.id());
      if (TaskStates.isTerminal(task.state)) {
        updates.endTask(fw, task);
        continue;
      }
      boolean partitionAware = fw.partitionAware();
      TaskState state = partitionAware ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
      TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(task.task.getTaskId()).setState(state)
          .setAgentId(agent.id).setSource(TaskStatus.Source.SOURCE_MASTER)
          .setReason(TaskStatus.Reason.REASON_AGENT_REMOVED)
          .setMessage("Agent " + agent.info.getHostname() + " removed: " + why).setTimestamp(TaskStates.now());
      if (task.task.hasExecutor()) {
        status.setExecutorId(task.task.getExecutor().getExecutorId());
      }
      if (partitionAware) {
        status.setUnreachableTime(TimeInfo.newBuilder().setNanoseconds(System.currentTimeMillis() * 1_000_000L));
        fw.unreachableTasks.put(task.id(), state);
      }
      task.record(status.build());
      updates.send(fw, task.latest);
      fw.tasks.remove(task.id());
      fw.archive(task);
    }
    agent.clearTasksAndExecutors();
    for (Framework fw : frameworks.active()) {
      fw.send(Event.newBuilder().setType(Event.Type.FAILURE)
          .setFailure(Event.Failure.newBuilder().setAgentId(agent.id)).build());
    }
  }
}
