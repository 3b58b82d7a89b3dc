package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.TaskStates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A framework's life after it subscribed: heartbeats on its stream; when the stream drops, its
 * offers go back and its tasks survive for the failover timeout; then (or on TEARDOWN) it is
 * removed, and its executors are shut down.
 */
final class FrameworkLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(FrameworkLifecycle.class);

  private final MasterConfig config;
  private final MasterLock lock;
  private final FrameworkRegistry frameworks;
  private final AgentRegistry agents;
  private final Allocator allocator;

  FrameworkLifecycle(MasterConfig config, MasterLock lock, FrameworkRegistry frameworks, AgentRegistry agents,
      Allocator allocator) {
    this.config = config;
    this.lock = lock;
    this.frameworks = frameworks;
    this.agents = agents;
    this.allocator = allocator;
  }

  void start() {
    lock.every(config.heartbeatInterval(), this::heartbeat);
  }

  private void heartbeat() {
    for (Framework fw : frameworks.active()) {
      fw.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
    }
  }

  /** The framework's stream ended; a stream it already replaced does not count. */
  void disconnected(Framework fw, EventStream stream) {
    if (fw.stream != stream || !frameworks.isActive(fw)) {
      return;
    }
    fw.stream = null;
    fw.streamId = null;
    fw.unregisteredTime = Instant.now();
    allocator.withdraw(fw);
    LOG.info("framework {} disconnected; its tasks survive for the failover timeout of {}s",
        fw.id.getValue(), fw.info.getFailoverTimeout());
    startFailoverTimer(fw);
  }

  /** A framework an agent brought to a master that did not know it: it has until its failover timeout. */
  void adopt(FrameworkInfo info) {
    Framework fw = new Framework(info.getId());
    fw.info = info;
    fw.registeredTime = Instant.now();
    fw.unregisteredTime = Instant.now();
    frameworks.add(fw);
    startFailoverTimer(fw);
  }

  private void startFailoverTimer(Framework fw) {
    long ms = (long) (fw.info.getFailoverTimeout() * 1000);
    fw.failoverTimer = lock.after(Duration.ofMillis(ms), () -> failoverExpired(fw));
  }

  private void failoverExpired(Framework fw) {
    if (fw.stream == null && frameworks.isActive(fw)) {
      LOG.info("framework {} did not re-subscribe within its failover timeout; removing it", fw.id.getValue());
      remove(fw);
    }
  }

  /** Removes the framework: its tasks end as killed, its executors are shut down, its stream closes. */
  void remove(Framework fw) {
    frameworks.remove(fw);
    fw.cancelFailoverTimer();
    allocator.withdraw(fw);
    Set<RegisteredAgent> touched = new HashSet<>();
    for (TaskRecord task : new ArrayList<>(fw.tasks.values())) {
      RegisteredAgent agent = agents.get(task.agentId.getValue());
      if (agent != null) {
        touched.add(agent);
        agent.removeTask(RegisteredAgent.key(fw.id.getValue(), task.id()));
      }
      if (!TaskStates.isTerminal(task.state)) {
        task.state = TaskState.TASK_KILLED;
      }
      fw.archive(task);
    }
    fw.tasks.clear();
    fw.pendingUpdates.clear();
    for (RegisteredAgent agent : agents.all()) {
      if (agent.removeExecutorsOf(fw.id.getValue())) {
        touched.add(agent);
      }
      if (touched.contains(agent)) {
        ObjectNode body = ProtoJson.MAPPER.createObjectNode();
        body.put("framework_id", fw.id.getValue());
        agent.post(AgentProtocol.SHUTDOWN_FRAMEWORK, body);
      }
    }
    fw.unregisteredTime = Instant.now();
    EventStream stream = fw.stream;
    fw.stream = null;
    if (stream != null) {
      stream.close();
    }
    frameworks.archive(fw);
  }

  /** Detaches every framework's stream, for the caller to close outside the lock. */
  List<EventStream> detachStreams() {
    List<EventStream> streams = new ArrayList<>();
    for (Framework fw : frameworks.active()) {
      if (fw.stream != null) {
        streams.add(fw.stream);
        fw.stream = null;
      }
    }
    return streams;
  }
}
