package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.TaskStates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status updates on their way to frameworks. Updates with a uuid (the agent's) go out one at a time
 * per task, oldest first, and are re-sent with a doubling backoff until the framework acknowledges
 * them; the acknowledgement goes on to the agent. The master's own updates carry no uuid.
 */
final class StatusUpdates {
  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdates.class);
  private static final Duration MAX_UPDATE_RETRY = Duration.ofMinutes(10);

  private final MasterConfig config;
  private final MasterLock lock;
  private final FrameworkRegistry frameworks;
  private final AgentRegistry agents;

  StatusUpdates(MasterConfig config, MasterLock lock, FrameworkRegistry frameworks, AgentRegistry agents) {
    this.config = config;
    this.lock = lock;
    this.frameworks = frameworks;
    this.agents = agents;
  }

  void start() {
    long ms = Math.max(100, Math.min(1000, config.statusUpdateRetryInterval().toMillis() / 2));
    lock.every(Duration.ofMillis(ms), this::retry);
  }

  /** Sends an update once, as it is. */
  void send(Framework fw, TaskStatus status) {
    fw.send(Event.newBuilder().setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
  }

  /** Sends an update the master makes up (source master, no uuid). */
  void sendFromMaster(Framework fw, TaskID taskId, AgentID agentId, TaskState state, TaskStatus.Reason reason,
      String message) {
    TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(taskId).setState(state)
        .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(reason).setMessage(message)
        .setTimestamp(TaskStates.now());
    if (agentId != null && !agentId.getValue().isEmpty()) {
      status.setAgentId(agentId);
    }
    send(fw, status.build());
  }

  /** A status update the agent forwarded; those with a uuid are retried until acknowledged. */
  void fromAgent(String frameworkId, TaskStatus status) {
    Framework fw = frameworks.get(frameworkId);
    if (fw == null) {
      LOG.debug("dropping an update of task {} for unknown framework {}", status.getTaskId().getValue(), frameworkId);
      return;
    }
    TaskRecord task = fw.tasks.get(status.getTaskId().getValue());
    if (task != null) {
      task.state = status.getState();
      task.latest = status;
      task.statuses.add(status.toBuilder().clearData().build());
    }
    if (!status.hasUuid()) {
      send(fw, status);
      if (task != null && TaskStates.isTerminal(task.state)
          && !fw.pendingUpdates.containsKey(status.getTaskId().getValue())) {
        endTask(fw, task);
      }
      return;
    }
    Deque<PendingUpdate> queue = fw.pendingUpdates.computeIfAbsent(status.getTaskId().getValue(),
        k -> new ArrayDeque<>());
    for (PendingUpdate p : queue) {
      if (p.status.getUuid().equals(status.getUuid())) {
        return; // the agent re-sent it after re-registering; it is already queued
      }
    }
    queue.addLast(new PendingUpdate(status, config.statusUpdateRetryInterval()));
    if (queue.size() == 1) {
      sendPending(fw, queue.peekFirst());
    }
  }

  /** ACKNOWLEDGE: the next update of the task goes out, and the agent hears of the acknowledgement. */
  void acknowledge(Framework fw, Call.Acknowledge ack) {
    Deque<PendingUpdate> queue = fw.pendingUpdates.get(ack.getTaskId().getValue());
    if (queue == null || queue.isEmpty() || !queue.peekFirst().status.getUuid().equals(ack.getUuid())) {
      LOG.debug("framework {} acknowledged an update that is not pending for task {}", fw.id.getValue(),
          ack.getTaskId().getValue());
      return;
    }
    PendingUpdate acked = queue.pollFirst();
    RegisteredAgent agent = agents.get(ack.getAgentId().getValue());
    if (agent != null) {
      ObjectNode body = ProtoJson.MAPPER.createObjectNode();
      body.put("framework_id", fw.id.getValue());
      body.put("task_id", ack.getTaskId().getValue());
      body.put("uuid", Base64.getEncoder().encodeToString(ack.getUuid().toByteArray()));
      agent.post(AgentProtocol.ACKNOWLEDGE, body);
    }
    if (!queue.isEmpty()) {
      sendPending(fw, queue.peekFirst());
    } else {
      fw.pendingUpdates.remove(ack.getTaskId().getValue());
      TaskRecord task = fw.tasks.get(ack.getTaskId().getValue());
      if (task != null && TaskStates.isTerminal(task.state)) {
        endTask(fw, task);
      }
    }
    LOG.debug("framework {} acknowledged {} of task {}", fw.id.getValue(), acked.status.getState(),
        ack.getTaskId().getValue());
  }

  /** A re-subscribed framework gets the updates still waiting for an acknowledgement at once. */
  void resendPending(Framework fw) {
    for (Deque<PendingUpdate> queue : fw.pendingUpdates.values()) {
      if (!queue.isEmpty()) {
        sendPending(fw, queue.peekFirst());
      }
    }
  }

  private void sendPending(Framework fw, PendingUpdate pending) {
    pending.sentAt = Instant.now();
    EventStream stream = fw.stream;
    if (stream != null) {
      stream.send(pending.event(fw.contentType));
    }
  }

  private void retry() {
    Instant now = Instant.now();
    for (Framework fw : frameworks.active()) {
      if (fw.stream == null) {
        continue;
      }
      for (Deque<PendingUpdate> queue : fw.pendingUpdates.values()) {
        PendingUpdate head = queue.peekFirst();
        if (head != null && head.sentAt != null && head.sentAt.plus(head.backoff).isBefore(now)) {
          Duration doubled = head.backoff.multipliedBy(2);
          head.backoff = doubled.compareTo(MAX_UPDATE_RETRY) > 0 ? MAX_UPDATE_RETRY : doubled;
          LOG.debug("re-sending unacknowledged {} of task {}", head.status.getState(),
              head.status.getTaskId().getValue());
          sendPending(fw, head);
        }
      }
    }
  }

  /** A task whose last update is through: it leaves its agent and joins the framework's completed tasks. */
  void endTask(Framework fw, TaskRecord task) {
    fw.tasks.remove(task.id());
    RegisteredAgent agent = agents.get(task.agentId.getValue());
    if (agent != null) {
      agent.removeTask(RegisteredAgent.key(fw.id.getValue(), task.id()));
    }
    fw.archive(task);
  }
}
