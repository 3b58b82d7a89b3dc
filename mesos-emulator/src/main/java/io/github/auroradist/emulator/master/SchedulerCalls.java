package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.TaskStates;
import io.github.auroradist.mesos.http.MesosContentType;
import java.time.Instant;
import java.util.Base64;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduler API's calls, after the HTTP layer decoded and validated them: SUBSCRIBE and the rest. */
final class SchedulerCalls {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerCalls.class);

  private final MasterConfig config;
  private final MasterLock lock;
  private final FrameworkRegistry frameworks;
  private final FrameworkLifecycle lifecycle;
  private final AgentRegistry agents;
  private final Allocator allocator;
  private final StatusUpdates updates;
  private final TaskLauncher launcher;
  private final Reconciler reconciler;
  private final Maintenance maintenance;

  SchedulerCalls(MasterConfig config, MasterLock lock, FrameworkRegistry frameworks, FrameworkLifecycle lifecycle,
      AgentRegistry agents, Allocator allocator, StatusUpdates updates, TaskLauncher launcher, Reconciler reconciler,
      Maintenance maintenance) {
    this.config = config;
    this.lock = lock;
    this.frameworks = frameworks;
    this.lifecycle = lifecycle;
    this.agents = agents;
    this.allocator = allocator;
    this.updates = updates;
    this.launcher = launcher;
    this.reconciler = reconciler;
    this.maintenance = maintenance;
  }

  /** Checks a SUBSCRIBE before the stream starts; null when it may go ahead. */
  CallResult checkSubscribe(Call call) {
    FrameworkInfo fi = call.getSubscribe().getFrameworkInfo();
    if (fi.hasId() && frameworks.wasRemoved(fi.getId().getValue())) {
      return new CallResult(403, "Framework " + fi.getId().getValue() + " has been removed"
          + " (torn down or its failover timeout passed); subscribe without an id to get a new one");
    }
    return null;
  }

  /** Attaches a subscribed framework to its new stream and sends SUBSCRIBED. */
  void subscribe(Call call, EventStream stream, String streamId, MesosContentType type, MasterInfo master) {
    FrameworkInfo fi = call.getSubscribe().getFrameworkInfo();
    Framework fw = fi.hasId() ? frameworks.get(fi.getId().getValue()) : null;
    if (fw != null) {
      if (fw.stream != null) {
        EventStream old = fw.stream;
        fw.stream = null; // so the old stream's close does not disconnect the new subscription
        old.send(fw.encode(Event.newBuilder().setType(Event.Type.ERROR)
            .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build()));
        old.close();
      }
      fw.cancelFailoverTimer();
      LOG.info("framework {} ({}) re-subscribed", fw.id.getValue(), fi.getName());
    } else {
      fw = new Framework(fi.hasId() ? fi.getId() : frameworks.newId());
      frameworks.add(fw);
      fw.registeredTime = Instant.now();
      LOG.info("framework {} ({}) subscribed", fw.id.getValue(), fi.getName());
    }
    fw.info = fi.toBuilder().setId(fw.id).build();
    fw.stream = stream;
    fw.streamId = streamId;
    fw.contentType = type;
    fw.suppressed = call.getSubscribe().getSuppressedRolesCount() > 0;
    fw.unregisteredTime = null;
    Framework subscribed = fw;
    stream.onClose(() -> lock.run(() -> lifecycle.disconnected(subscribed, stream)));
    fw.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(fw.id)
            .setHeartbeatIntervalSeconds(config.heartbeatInterval().toMillis() / 1000.0)
            .setMasterInfo(master))
        .build());
    updates.resendPending(fw);
    allocator.allocateSoon();
    maintenance.subscribed(fw);
  }

  /** Every call but SUBSCRIBE. */
  CallResult call(Call call, String streamId) {
    Framework fw = frameworks.get(call.getFrameworkId().getValue());
    if (fw == null) {
      return new CallResult(400, "Framework cannot be found");
    }
    if (fw.stream == null) {
      return new CallResult(403, "Framework is not subscribed");
    }
    if (streamId == null) {
      return new CallResult(400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    }
    if (!streamId.equals(fw.streamId)) {
      return new CallResult(400, "The stream ID '" + streamId + "' included in this request didn't match"
          + " the stream ID currently associated with framework ID " + fw.id.getValue());
    }
    switch (call.getType()) {
      case TEARDOWN -> {
        LOG.info("framework {} asked to be torn down", fw.id.getValue());
        lifecycle.remove(fw);
      }
      case ACCEPT -> launcher.accept(fw, call.getAccept());
      case DECLINE -> allocator.decline(fw, call.getDecline().getOfferIdsList(), call.getDecline().getFilters());
      case REVIVE -> allocator.revive(fw);
      case SUPPRESS -> allocator.suppress(fw);
      case KILL -> kill(fw, call.getKill());
      case SHUTDOWN -> toExecutor(fw, call.getShutdown().getAgentId().getValue(),
          call.getShutdown().getExecutorId().getValue(), AgentProtocol.SHUTDOWN_EXECUTOR, null);
      case ACKNOWLEDGE -> {
        Call.Acknowledge ack = call.getAcknowledge();
        if (ack.getUuid().size() != 16) {
          return new CallResult(400, "Failed to parse UUID: 'uuid' must be the 16 bytes of the update's"
              + " TaskStatus.uuid, got " + ack.getUuid().size() + " bytes");
        }
        updates.acknowledge(fw, ack);
      }
      case RECONCILE -> reconciler.reconcile(fw, call.getReconcile());
      case MESSAGE -> toExecutor(fw, call.getMessage().getAgentId().getValue(),
          call.getMessage().getExecutorId().getValue(), AgentProtocol.FRAMEWORK_MESSAGE,
          Base64.getEncoder().encodeToString(call.getMessage().getData().toByteArray()));
      case ACCEPT_INVERSE_OFFERS -> maintenance.answer(fw, call.getAcceptInverseOffers().getInverseOfferIdsList(),
          call.getAcceptInverseOffers().getFilters(), true);
      case DECLINE_INVERSE_OFFERS -> maintenance.answer(fw, call.getDeclineInverseOffers().getInverseOfferIdsList(),
          call.getDeclineInverseOffers().getFilters(), false);
      case REQUEST -> { } // Mesos ignores resource requests too.
      default -> {
        return new CallResult(501, "The Mesos emulator does not implement " + call.getType()
            + " calls; see docs/mesos-emulator.md for what it implements");
      }
    }
    return CallResult.ACCEPTED;
  }

  /** SHUTDOWN and MESSAGE: one call to the executor's agent, when the agent is registered. */
  private void toExecutor(Framework fw, String agentId, String executorId, String path, String data) {
    RegisteredAgent agent = agents.get(agentId);
    if (agent == null) {
      return;
    }
    ObjectNode body = ProtoJson.MAPPER.createObjectNode();
    body.put("framework_id", fw.id.getValue());
    body.put("executor_id", executorId);
    if (data != null) {
      body.put("data", data);
    }
    agent.post(path, body);
  }

  private void kill(Framework fw, Call.Kill kill) {
    TaskRecord task = fw.tasks.get(kill.getTaskId().getValue());
    if (task == null) {
      // Mesos answers a kill of an unknown task with what reconciliation would say about it.
      reconciler.reconcile(fw, kill.getTaskId(), kill.hasAgentId() ? kill.getAgentId() : null);
      return;
    }
    if (TaskStates.isTerminal(task.state)) {
      return;
    }
    RegisteredAgent agent = agents.get(task.agentId.getValue());
    if (agent == null) {
      return;
    }
    ObjectNode body = ProtoJson.MAPPER.createObjectNode();
    body.put("framework_id", fw.id.getValue());
    body.put("task_id", task.id());
    if (kill.hasKillPolicy()) {
      body.set("kill_policy", ProtoJson.tree(kill.getKillPolicy()));
    }
    agent.post(AgentProtocol.KILL, body);
  }
}
