package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.JsonPost;
import io.github.auroradist.emulator.resources.Attributes;
import io.github.auroradist.emulator.resources.ResourceSet;
import io.github.auroradist.mesos.http.MesosContentType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.Protos.URL;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's state and behaviour: frameworks, agents, offers, tasks and status updates. One lock
 * (this object) guards everything; events leave through each framework's {@link EventStream} and
 * agent calls through one ordered queue per agent, so nothing blocks while holding the lock.
 */
public final class Master implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Master.class);
  private static final int MAX_COMPLETED_TASKS = 1000;
  private static final int MAX_COMPLETED_FRAMEWORKS = 50;
  private static final Duration MAX_UPDATE_RETRY = Duration.ofMinutes(10);
  private static final double DEFAULT_REFUSE_SECONDS = 5.0;

  private final MasterConfig config;
  private final String masterId = UUID.randomUUID().toString();
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
    Thread t = new Thread(r, "master-timers");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Framework> frameworks = new LinkedHashMap<>();
  private final Deque<Framework> completedFrameworks = new ArrayDeque<>();
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Set<String> removedAgents = new HashSet<>();
  private final Map<String, OfferRecord> offers = new LinkedHashMap<>();
  private final Instant startTime = Instant.now();
  private MasterInfo info;
  private long frameworkSeq;
  private long agentSeq;
  private long offerSeq;
  private int roundRobin;

  /** The result of a scheduler call: an HTTP status and a message for errors. */
  public record CallResult(int status, String message) {
    static final CallResult ACCEPTED = new CallResult(202, "");
  }

  public Master(MasterConfig config) {
    this.config = config;
  }

  /** Starts the timers once the HTTP port is known. */
  public synchronized void start(int boundPort) {
    String ip = config.advertiseIp();
    this.info = MasterInfo.newBuilder()
        .setId(masterId)
        .setIp(ipToInt(ip))
        .setPort(boundPort)
        .setPid("master@" + ip + ":" + boundPort)
        .setHostname(config.hostname())
        .setVersion(AgentProtocol.MESOS_VERSION)
        .setAddress(Address.newBuilder().setHostname(config.hostname()).setIp(ip).setPort(boundPort))
        .build();
    long alloc = config.allocationInterval().toMillis();
    timers.scheduleWithFixedDelay(this::allocate, alloc, alloc, TimeUnit.MILLISECONDS);
    long beat = config.heartbeatInterval().toMillis();
    timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    long check = Math.max(50, config.agentPingTimeout().toMillis() / 2);
    timers.scheduleWithFixedDelay(this::checkAgents, check, check, TimeUnit.MILLISECONDS);
    long retry = Math.max(100, Math.min(1000, config.statusUpdateRetryInterval().toMillis() / 2));
    timers.scheduleWithFixedDelay(this::retryUpdates, retry, retry, TimeUnit.MILLISECONDS);
    if (config.offerTimeout() != null) {
      long timeout = Math.max(50, config.offerTimeout().toMillis() / 4);
      timers.scheduleWithFixedDelay(this::expireOffers, timeout, timeout, TimeUnit.MILLISECONDS);
    }
  }

  public synchronized MasterInfo info() {
    return info;
  }

  public String id() {
    return masterId;
  }

  static int ipToInt(String ip) {
    String[] parts = ip.split("\\.");
    if (parts.length != 4) {
      return 0;
    }
    int value = 0;
    for (int i = 3; i >= 0; i--) {
      value = (value << 8) | (Integer.parseInt(parts[i]) & 0xff);
    }
    return value; // network byte order read as a little-endian int, as Mesos stores it
  }

  // ---------------------------------------------------------------- scheduler API: subscribe

  /** Checks a SUBSCRIBE before the stream starts; null when it may go ahead. */
  public synchronized CallResult checkSubscribe(Call call) {
    FrameworkInfo fi = call.getSubscribe().getFrameworkInfo();
    if (fi.hasId()) {
      for (Framework done : completedFrameworks) {
        if (done.id.getValue().equals(fi.getId().getValue())) {
          return new CallResult(403, "Framework " + fi.getId().getValue() + " has been removed"
              + " (torn down or its failover timeout passed); subscribe without an id to get a new one");
        }
      }
    }
    return null;
  }

  /** Attaches a subscribed framework to its new stream and sends SUBSCRIBED. */
  public synchronized void subscribe(Call call, EventStream stream, String streamId, MesosContentType type) {
    FrameworkInfo fi = call.getSubscribe().getFrameworkInfo();
    Framework fw;
    if (fi.hasId() && frameworks.containsKey(fi.getId().getValue())) {
      fw = frameworks.get(fi.getId().getValue());
      if (fw.stream != null) {
        EventStream old = fw.stream;
        fw.stream = null; // so the old stream's close does not disconnect the new subscription
        old.send(fw.encode(Event.newBuilder().setType(Event.Type.ERROR)
            .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build()));
        old.close();
      }
      if (fw.failoverTimer != null) {
        fw.failoverTimer.cancel(false);
        fw.failoverTimer = null;
      }
      LOG.info("framework {} ({}) re-subscribed", fw.id.getValue(), fi.getName());
    } else {
      FrameworkID id = fi.hasId() ? fi.getId()
          : FrameworkID.newBuilder().setValue(masterId + "-" + String.format("%04d", frameworkSeq++)).build();
      fw = new Framework(id);
      frameworks.put(id.getValue(), fw);
      fw.registeredTime = Instant.now();
      LOG.info("framework {} ({}) subscribed", id.getValue(), fi.getName());
    }
    fw.info = fi.toBuilder().setId(fw.id).build();
    fw.stream = stream;
    fw.streamId = streamId;
    fw.contentType = type;
    fw.suppressed = call.getSubscribe().getSuppressedRolesCount() > 0;
    fw.unregisteredTime = null;
    final Framework subscribed = fw;
    stream.onClose(() -> disconnected(subscribed, stream));
    fw.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(fw.id)
            .setHeartbeatIntervalSeconds(config.heartbeatInterval().toMillis() / 1000.0)
            .setMasterInfo(info))
        .build());
    // Updates still waiting for an acknowledgement go out again at once.
    for (Deque<PendingUpdate> queue : fw.pendingUpdates.values()) {
      if (!queue.isEmpty()) {
        sendPending(fw, queue.peekFirst());
      }
    }
    timers.execute(this::allocate);
  }

  private synchronized void disconnected(Framework fw, EventStream stream) {
    if (fw.stream != stream || !frameworks.containsKey(fw.id.getValue())) {
      return;
    }
    fw.stream = null;
    fw.streamId = null;
    fw.unregisteredTime = Instant.now();
    for (OfferRecord offer : new ArrayList<>(offers.values())) {
      if (offer.framework == fw) {
        offers.remove(offer.id.getValue());
      }
    }
    double seconds = fw.info.getFailoverTimeout();
    LOG.info("framework {} disconnected; its tasks survive for the failover timeout of {}s",
        fw.id.getValue(), seconds);
    fw.failoverTimer = timers.schedule(() -> failoverExpired(fw), (long) (seconds * 1000), TimeUnit.MILLISECONDS);
  }

  private synchronized void failoverExpired(Framework fw) {
    if (fw.stream == null && frameworks.get(fw.id.getValue()) == fw) {
      LOG.info("framework {} did not re-subscribe within its failover timeout; removing it", fw.id.getValue());
      removeFramework(fw);
    }
  }

  // ---------------------------------------------------------------- scheduler API: other calls

  /** Handles every call but SUBSCRIBE, after the HTTP layer has decoded and validated it. */
  public synchronized CallResult call(Call call, String streamId) {
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
        removeFramework(fw);
      }
      case ACCEPT -> accept(fw, call.getAccept());
      case DECLINE -> {
        for (OfferID id : call.getDecline().getOfferIdsList()) {
          OfferRecord offer = offers.get(id.getValue());
          if (offer != null && offer.framework == fw) {
            offers.remove(id.getValue());
            addFilter(fw, offer.agent, offer.resources, call.getDecline().getFilters());
          }
        }
      }
      case REVIVE -> {
        fw.filters.clear();
        fw.suppressed = false;
        timers.execute(this::allocate);
      }
      case SUPPRESS -> fw.suppressed = true;
      case KILL -> kill(fw, call.getKill());
      case SHUTDOWN -> {
        Agent agent = agents.get(call.getShutdown().getAgentId().getValue());
        if (agent != null) {
          ObjectNode body = object();
          body.put("framework_id", fw.id.getValue());
          body.put("executor_id", call.getShutdown().getExecutorId().getValue());
          agent.post(AgentProtocol.SHUTDOWN_EXECUTOR, body);
        }
      }
      case ACKNOWLEDGE -> {
        Call.Acknowledge ack = call.getAcknowledge();
        if (ack.getUuid().size() != 16) {
          return new CallResult(400, "Failed to parse UUID: 'uuid' must be the 16 bytes of the update's"
              + " TaskStatus.uuid, got " + ack.getUuid().size() + " bytes");
        }
        acknowledge(fw, ack);
      }
      case RECONCILE -> reconcile(fw, call.getReconcile());
      case MESSAGE -> {
        Agent agent = agents.get(call.getMessage().getAgentId().getValue());
        if (agent != null) {
          ObjectNode body = object();
          body.put("framework_id", fw.id.getValue());
          body.put("executor_id", call.getMessage().getExecutorId().getValue());
          body.put("data", Base64.getEncoder().encodeToString(call.getMessage().getData().toByteArray()));
          agent.post(AgentProtocol.FRAMEWORK_MESSAGE, body);
        }
      }
      case REQUEST -> { } // Mesos ignores resource requests too.
      default -> {
        return new CallResult(501, "The Mesos emulator does not implement " + call.getType()
            + " calls; see docs/mesos-emulator.md for what it implements");
      }
    }
    return CallResult.ACCEPTED;
  }

  private void accept(Framework fw, Call.Accept accept) {
    List<String> invalid = new ArrayList<>();
    Agent agent = null;
    ResourceSet pool = ResourceSet.EMPTY;
    for (OfferID id : accept.getOfferIdsList()) {
      OfferRecord offer = offers.remove(id.getValue());
      if (offer == null || offer.framework != fw) {
        invalid.add("Offer " + id.getValue() + " is no longer valid");
        continue;
      }
      if (agent != null && agent != offer.agent) {
        invalid.add("Aggregated offers must belong to one single agent");
        continue;
      }
      agent = offer.agent;
      pool = pool.plus(offer.resources);
    }
    if (accept.getOfferIdsCount() == 0) {
      invalid.add("No offers specified");
    }
    for (org.apache.mesos.v1.Protos.Offer.Operation op : accept.getOperationsList()) {
      switch (op.getType()) {
        case LAUNCH -> {
          for (TaskInfo task : op.getLaunch().getTaskInfosList()) {
            if (!invalid.isEmpty()) {
              sendMasterUpdate(fw, task.getTaskId(), task.getAgentId(),
                  fw.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
                  TaskStatus.Reason.REASON_INVALID_OFFERS,
                  "Task launched with invalid offers: " + String.join("; ", invalid));
              continue;
            }
            pool = launch(fw, agent, task, pool);
          }
        }
        case LAUNCH_GROUP -> {
          for (TaskInfo task : op.getLaunchGroup().getTaskGroup().getTasksList()) {
            sendMasterUpdate(fw, task.getTaskId(), task.getAgentId(), TaskState.TASK_ERROR,
                TaskStatus.Reason.REASON_TASK_GROUP_INVALID,
                "The Mesos emulator does not implement LAUNCH_GROUP; use LAUNCH");
          }
        }
        default -> LOG.warn("framework {} sent an offer operation {} the emulator ignores",
            fw.id.getValue(), op.getType());
      }
    }
    if (agent != null && !pool.isEmpty()) {
      addFilter(fw, agent, pool, accept.hasFilters() ? accept.getFilters() : Filters.getDefaultInstance());
    }
  }

  /** Validates and launches one task; returns what is left of the offered pool. */
  private ResourceSet launch(Framework fw, Agent agent, TaskInfo task, ResourceSet pool) {
    String problem = null;
    ResourceSet needed = ResourceSet.of(task.getResourcesList());
    boolean newExecutor = false;
    if (fw.tasks.containsKey(task.getTaskId().getValue())) {
      problem = "Task has duplicate ID: " + task.getTaskId().getValue();
    } else if (!task.getAgentId().getValue().equals(agent.id.getValue())) {
      problem = "Task uses invalid agent: " + task.getAgentId().getValue() + " (the offer is for "
          + agent.id.getValue() + ")";
    } else if (task.hasExecutor() == task.hasCommand()) {
      problem = "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
    } else if (task.getResourcesCount() == 0) {
      problem = "Task uses no resources";
    } else {
      if (task.hasExecutor()) {
        String key = fw.id.getValue() + "/" + task.getExecutor().getExecutorId().getValue();
        if (!agent.executors.containsKey(key)) {
          newExecutor = true;
          needed = needed.plus(ResourceSet.of(task.getExecutor().getResourcesList()));
        }
      }
      if (!pool.contains(needed)) {
        problem = "Task uses more resources " + needed + " than available " + pool;
      }
    }
    if (problem != null) {
      LOG.info("framework {} launched an invalid task {}: {}", fw.id.getValue(), task.getTaskId().getValue(), problem);
      sendMasterUpdate(fw, task.getTaskId(), task.getAgentId(), TaskState.TASK_ERROR,
          TaskStatus.Reason.REASON_TASK_INVALID, problem);
      return pool;
    }
    TaskInfo.Builder launched = task.toBuilder();
    if (task.hasExecutor()) {
      launched.getExecutorBuilder().setFrameworkId(fw.id);
      if (newExecutor) {
        agent.executors.put(fw.id.getValue() + "/" + task.getExecutor().getExecutorId().getValue(),
            new ExecutorRecord(fw.id, task.getExecutor().getExecutorId(),
                ResourceSet.of(task.getExecutor().getResourcesList())));
      }
    }
    TaskRecord record = new TaskRecord(launched.build(), fw.id, agent.id, ResourceSet.of(task.getResourcesList()));
    fw.tasks.put(task.getTaskId().getValue(), record);
    agent.tasks.put(fw.id.getValue() + "/" + task.getTaskId().getValue(), record);
    ObjectNode body = object();
    body.set("framework_info", ProtoJson.tree(fw.info));
    body.set("task", ProtoJson.tree(record.task));
    agent.post(AgentProtocol.RUN, body, why -> launchFailed(fw.id, record, why));
    LOG.info("launching task {} of framework {} on agent {}", task.getTaskId().getValue(), fw.id.getValue(),
        agent.id.getValue());
    return pool.minus(needed);
  }

  /** The agent refused or never got a launch: the task is lost (dropped for partition-aware frameworks). */
  private synchronized void launchFailed(FrameworkID frameworkId, TaskRecord task, String problem) {
    Framework fw = frameworks.get(frameworkId.getValue());
    if (fw == null || fw.tasks.get(task.task.getTaskId().getValue()) != task || task.state != TaskState.TASK_STAGING) {
      return;
    }
    TaskStatus status = TaskStatus.newBuilder().setTaskId(task.task.getTaskId()).setAgentId(task.agentId)
        .setState(fw.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST)
        .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(TaskStatus.Reason.REASON_AGENT_DISCONNECTED)
        .setMessage("The agent did not take the task: " + problem).setTimestamp(now()).build();
    task.state = status.getState();
    task.latest = status;
    task.statuses.add(status);
    sendUpdate(fw, status);
    completeTask(fw, task);
  }

  private void addFilter(Framework fw, Agent agent, ResourceSet resources, Filters filters) {
    double seconds = filters.hasRefuseSeconds() ? filters.getRefuseSeconds() : DEFAULT_REFUSE_SECONDS;
    if (seconds <= 0) {
      return;
    }
    Instant until = Instant.now().plusMillis((long) (seconds * 1000));
    fw.filters.put(agent.id.getValue(), new Filter(resources, until));
  }

  private void kill(Framework fw, Call.Kill kill) {
    TaskRecord task = fw.tasks.get(kill.getTaskId().getValue());
    if (task == null) {
      // Mesos answers a kill of an unknown task with what reconciliation would say about it.
      reconcileOne(fw, kill.getTaskId(), kill.hasAgentId() ? kill.getAgentId() : null);
      return;
    }
    if (isTerminal(task.state)) {
      return;
    }
    Agent agent = agents.get(task.agentId.getValue());
    if (agent == null) {
      return;
    }
    ObjectNode body = object();
    body.put("framework_id", fw.id.getValue());
    body.put("task_id", task.task.getTaskId().getValue());
    if (kill.hasKillPolicy()) {
      body.set("kill_policy", ProtoJson.tree(kill.getKillPolicy()));
    }
    agent.post(AgentProtocol.KILL, body);
  }

  private void acknowledge(Framework fw, Call.Acknowledge ack) {
    Deque<PendingUpdate> queue = fw.pendingUpdates.get(ack.getTaskId().getValue());
    if (queue == null || queue.isEmpty() || !queue.peekFirst().status.getUuid().equals(ack.getUuid())) {
      LOG.debug("framework {} acknowledged an update that is not pending for task {}", fw.id.getValue(),
          ack.getTaskId().getValue());
      return;
    }
    PendingUpdate acked = queue.pollFirst();
    Agent agent = agents.get(ack.getAgentId().getValue());
    if (agent != null) {
      ObjectNode body = object();
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
      if (task != null && isTerminal(task.state)) {
        completeTask(fw, task);
      }
    }
    LOG.debug("framework {} acknowledged {} of task {}", fw.id.getValue(), acked.status.getState(),
        ack.getTaskId().getValue());
  }

  private void reconcile(Framework fw, Call.Reconcile reconcile) {
    if (reconcile.getTasksCount() == 0) {
      for (TaskRecord task : fw.tasks.values()) {
        sendUpdate(fw, reconciliationStatus(task));
      }
      return;
    }
    for (Call.Reconcile.Task t : reconcile.getTasksList()) {
      reconcileOne(fw, t.getTaskId(), t.hasAgentId() ? t.getAgentId() : null);
    }
  }

  private void reconcileOne(Framework fw, TaskID taskId, AgentID agentId) {
    TaskRecord task = fw.tasks.get(taskId.getValue());
    if (task != null) {
      sendUpdate(fw, reconciliationStatus(task));
      return;
    }
    TaskState unreachable = fw.unreachableTasks.get(taskId.getValue());
    TaskState state;
    String message;
    if (unreachable != null) {
      state = unreachable;
      message = "Reconciliation: Task is unreachable";
    } else if (agentId != null && agents.containsKey(agentId.getValue())) {
      state = fw.partitionAware() ? TaskState.TASK_GONE : TaskState.TASK_LOST;
      message = "Reconciliation: Task is unknown to the agent";
    } else if (agentId != null && removedAgents.contains(agentId.getValue())) {
      state = fw.partitionAware() ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
      message = "Reconciliation: Task is unknown; its agent is unreachable";
    } else {
      state = fw.partitionAware() ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST;
      message = "Reconciliation: Task is unknown";
    }
    TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(taskId).setState(state)
        .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(TaskStatus.Reason.REASON_RECONCILIATION)
        .setMessage(message).setTimestamp(now());
    if (agentId != null) {
      status.setAgentId(agentId);
    }
    sendUpdate(fw, status.build());
  }

  private TaskStatus reconciliationStatus(TaskRecord task) {
    TaskStatus.Builder status = task.latest != null ? task.latest.toBuilder().clearUuid()
        : TaskStatus.newBuilder().setTaskId(task.task.getTaskId()).setAgentId(task.agentId);
    if (task.latest == null && task.task.hasExecutor()) {
      status.setExecutorId(task.task.getExecutor().getExecutorId());
    }
    return status.setState(task.state).setSource(TaskStatus.Source.SOURCE_MASTER)
        .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setMessage("Reconciliation: Latest task state")
        .setTimestamp(now()).build();
  }

  // ---------------------------------------------------------------- status updates

  private void sendMasterUpdate(Framework fw, TaskID taskId, AgentID agentId, TaskState state,
      TaskStatus.Reason reason, String message) {
    TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(taskId).setState(state)
        .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(reason).setMessage(message).setTimestamp(now());
    if (agentId != null && !agentId.getValue().isEmpty()) {
      status.setAgentId(agentId);
    }
    sendUpdate(fw, status.build());
  }

  private void sendUpdate(Framework fw, TaskStatus status) {
    fw.send(Event.newBuilder().setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
  }

  private void sendPending(Framework fw, PendingUpdate pending) {
    pending.sentAt = Instant.now();
    if (fw.stream != null) {
      sendUpdate(fw, pending.status);
    }
  }

  /** A status update the agent forwarded; those with a uuid are retried until acknowledged. */
  public synchronized void statusUpdate(String agentId, String frameworkId, TaskStatus status) {
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
      sendUpdate(fw, status);
      if (task != null && isTerminal(task.state) && !fw.pendingUpdates.containsKey(status.getTaskId().getValue())) {
        completeTask(fw, task);
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

  private synchronized void retryUpdates() {
    Instant now = Instant.now();
    for (Framework fw : frameworks.values()) {
      if (fw.stream == null) {
        continue;
      }
      for (Deque<PendingUpdate> queue : fw.pendingUpdates.values()) {
        PendingUpdate head = queue.peekFirst();
        if (head != null && head.sentAt != null && head.sentAt.plus(head.backoff).isBefore(now)) {
          head.backoff = head.backoff.multipliedBy(2).compareTo(MAX_UPDATE_RETRY) > 0
              ? MAX_UPDATE_RETRY : head.backoff.multipliedBy(2);
          LOG.debug("re-sending unacknowledged {} of task {}", head.status.getState(),
              head.status.getTaskId().getValue());
          sendPending(fw, head);
        }
      }
    }
  }

  private void completeTask(Framework fw, TaskRecord task) {
    fw.tasks.remove(task.task.getTaskId().getValue());
    Agent agent = agents.get(task.agentId.getValue());
    if (agent != null) {
      agent.tasks.remove(fw.id.getValue() + "/" + task.task.getTaskId().getValue());
    }
    fw.completedTasks.addLast(task);
    while (fw.completedTasks.size() > MAX_COMPLETED_TASKS) {
      fw.completedTasks.pollFirst();
    }
  }

  public synchronized void executorExited(String agentId, String frameworkId, String executorId, int status) {
    Agent agent = agents.get(agentId);
    if (agent != null) {
      agent.executors.remove(frameworkId + "/" + executorId);
    }
    Framework fw = frameworks.get(frameworkId);
    if (fw != null) {
      fw.send(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
          .setAgentId(AgentID.newBuilder().setValue(agentId))
          .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
          .setStatus(status)).build());
    }
  }

  public synchronized void executorMessage(String agentId, String frameworkId, String executorId, byte[] data) {
    Framework fw = frameworks.get(frameworkId);
    if (fw != null) {
      fw.send(Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder()
          .setAgentId(AgentID.newBuilder().setValue(agentId))
          .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
          .setData(ByteString.copyFrom(data))).build());
    }
  }

  // ---------------------------------------------------------------- frameworks

  private void removeFramework(Framework fw) {
    frameworks.remove(fw.id.getValue());
    if (fw.failoverTimer != null) {
      fw.failoverTimer.cancel(false);
    }
    for (OfferRecord offer : new ArrayList<>(offers.values())) {
      if (offer.framework == fw) {
        offers.remove(offer.id.getValue());
      }
    }
    Set<Agent> touched = new HashSet<>();
    for (TaskRecord task : new ArrayList<>(fw.tasks.values())) {
      Agent agent = agents.get(task.agentId.getValue());
      if (agent != null) {
        touched.add(agent);
        agent.tasks.remove(fw.id.getValue() + "/" + task.task.getTaskId().getValue());
      }
      if (!isTerminal(task.state)) {
        task.state = TaskState.TASK_KILLED;
      }
      fw.completedTasks.addLast(task);
    }
    fw.tasks.clear();
    fw.pendingUpdates.clear();
    for (Agent agent : agents.values()) {
      if (agent.executors.keySet().removeIf(key -> key.startsWith(fw.id.getValue() + "/"))) {
        touched.add(agent);
      }
      if (touched.contains(agent)) {
        ObjectNode body = object();
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
    completedFrameworks.addLast(fw);
    while (completedFrameworks.size() > MAX_COMPLETED_FRAMEWORKS) {
      completedFrameworks.pollFirst();
    }
  }

  private synchronized void heartbeat() {
    for (Framework fw : frameworks.values()) {
      fw.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
    }
  }

  // ---------------------------------------------------------------- offers

  private synchronized void allocate() {
    if (info == null) {
      return;
    }
    List<Framework> candidates = new ArrayList<>();
    for (Framework fw : frameworks.values()) {
      if (fw.stream != null && !fw.suppressed) {
        candidates.add(fw);
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    Map<Framework, List<Offer>> made = new LinkedHashMap<>();
    Instant now = Instant.now();
    for (Agent agent : agents.values()) {
      ResourceSet available = available(agent);
      if (available.scalar("cpus") < 0.01 && available.scalar("mem") < 32) {
        continue; // Mesos's minimum allocatable resources
      }
      for (int i = 0; i < candidates.size(); i++) {
        Framework fw = candidates.get((roundRobin + i) % candidates.size());
        // Like Mesos, GPUs only go to frameworks that declare GPU_RESOURCES.
        ResourceSet offerable = fw.hasCapability(FrameworkInfo.Capability.Type.GPU_RESOURCES)
            ? available : available.without("gpus");
        if (offerable.scalar("cpus") < 0.01 && offerable.scalar("mem") < 32) {
          continue;
        }
        Filter filter = fw.filters.get(agent.id.getValue());
        if (filter != null && filter.until.isAfter(now) && filter.resources.contains(offerable)) {
          continue;
        }
        if (filter != null && !filter.until.isAfter(now)) {
          fw.filters.remove(agent.id.getValue());
        }
        OfferRecord offer = new OfferRecord(
            OfferID.newBuilder().setValue(masterId + "-O" + offerSeq++).build(), fw, agent, offerable, now);
        offers.put(offer.id.getValue(), offer);
        made.computeIfAbsent(fw, k -> new ArrayList<>()).add(toProto(offer));
        roundRobin++;
        break;
      }
    }
    made.forEach((fw, list) -> fw.send(Event.newBuilder().setType(Event.Type.OFFERS)
        .setOffers(Event.Offers.newBuilder().addAllOffers(list)).build()));
  }

  private ResourceSet available(Agent agent) {
    ResourceSet free = agent.total.minus(used(agent));
    for (OfferRecord offer : offers.values()) {
      if (offer.agent == agent) {
        free = free.minus(offer.resources);
      }
    }
    return free;
  }

  private ResourceSet used(Agent agent) {
    ResourceSet used = ResourceSet.EMPTY;
    for (TaskRecord task : agent.tasks.values()) {
      if (!isTerminal(task.state)) {
        used = used.plus(task.resources);
      }
    }
    for (ExecutorRecord executor : agent.executors.values()) {
      used = used.plus(executor.resources);
    }
    return used;
  }

  private Offer toProto(OfferRecord offer) {
    Agent agent = offer.agent;
    String role = offer.framework.allocationRole();
    Offer.Builder b = Offer.newBuilder().setId(offer.id).setFrameworkId(offer.framework.id)
        .setAgentId(agent.id).setHostname(agent.info.getHostname())
        .setUrl(URL.newBuilder().setScheme("http").setPath("/slave(1)").setAddress(Address.newBuilder()
            .setHostname(agent.info.getHostname()).setIp(agent.endpoint.getHost())
            .setPort(agent.endpoint.getPort())))
        .addAllResources(offer.resources.toProtos(role))
        .addAllAttributes(agent.info.getAttributesList());
    if (role != null) {
      b.setAllocationInfo(org.apache.mesos.v1.Protos.Resource.AllocationInfo.newBuilder().setRole(role));
    }
    for (ExecutorRecord executor : agent.executors.values()) {
      if (executor.frameworkId.equals(offer.framework.id)) {
        b.addExecutorIds(executor.executorId);
      }
    }
    return b.build();
  }

  private void rescind(OfferRecord offer) {
    offers.remove(offer.id.getValue());
    offer.framework.send(Event.newBuilder().setType(Event.Type.RESCIND)
        .setRescind(Event.Rescind.newBuilder().setOfferId(offer.id)).build());
  }

  private synchronized void expireOffers() {
    Instant limit = Instant.now().minus(config.offerTimeout());
    for (OfferRecord offer : new ArrayList<>(offers.values())) {
      if (offer.created.isBefore(limit)) {
        LOG.debug("offer {} timed out", offer.id.getValue());
        rescind(offer);
      }
    }
  }

  // ---------------------------------------------------------------- agents

  /** Registers or re-registers an agent; the reply carries its id (or an error status). */
  public synchronized JsonReply registerAgent(JsonNode request) {
    AgentInfo agentInfo = ProtoJson.message(request.get("agent_info"), AgentInfo.getDefaultInstance());
    URI endpoint = URI.create(request.path("endpoint").asText());
    String id = agentInfo.hasId() ? agentInfo.getId().getValue() : null;
    if (id != null && removedAgents.contains(id)) {
      return new JsonReply(410, error("agent " + id + " was removed by this master (its pings stopped);"
          + " shut down its executors and register as a new agent"));
    }
    Agent agent = id == null ? null : agents.get(id);
    if (agent == null) {
      if (id == null) {
        id = masterId + "-S" + agentSeq++;
      }
      agent = new Agent(AgentID.newBuilder().setValue(id).build());
      agents.put(id, agent);
      agent.registeredTime = Instant.now();
      recoverAgentState(agent, request);
      LOG.info("agent {} at {} ({}) registered with {}", id, endpoint, agentInfo.getHostname(),
          ResourceSet.of(agentInfo.getResourcesList()));
    } else {
      LOG.info("agent {} at {} re-registered", id, endpoint);
    }
    agent.info = agentInfo.toBuilder().setId(agent.id).build();
    agent.endpoint = endpoint;
    agent.total = ResourceSet.of(agentInfo.getResourcesList());
    agent.lastPing = Instant.now();
    ObjectNode reply = object();
    reply.put("agent_id", id);
    reply.put("master_id", masterId);
    reply.put("ping_interval_ms", config.agentPingTimeout().toMillis());
    timers.execute(this::allocate);
    return new JsonReply(200, reply);
  }

  /** After a master failover the agent brings its frameworks, executors and tasks along. */
  private void recoverAgentState(Agent agent, JsonNode request) {
    for (JsonNode node : request.path("frameworks")) {
      FrameworkInfo fi = ProtoJson.message(node, FrameworkInfo.getDefaultInstance());
      if (!frameworks.containsKey(fi.getId().getValue())) {
        Framework fw = new Framework(fi.getId());
        fw.info = fi;
        fw.registeredTime = Instant.now();
        fw.unregisteredTime = Instant.now();
        frameworks.put(fi.getId().getValue(), fw);
        fw.failoverTimer = timers.schedule(() -> failoverExpired(fw),
            (long) (fi.getFailoverTimeout() * 1000), TimeUnit.MILLISECONDS);
      }
    }
    for (JsonNode node : request.path("executors")) {
      ExecutorInfo ei = ProtoJson.message(node, ExecutorInfo.getDefaultInstance());
      agent.executors.put(ei.getFrameworkId().getValue() + "/" + ei.getExecutorId().getValue(),
          new ExecutorRecord(ei.getFrameworkId(), ei.getExecutorId(), ResourceSet.of(ei.getResourcesList())));
    }
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
      fw.tasks.put(task.getTaskId().getValue(), record);
      agent.tasks.put(fwId + "/" + task.getTaskId().getValue(), record);
    }
  }

  public synchronized int ping(String agentId) {
    if (removedAgents.contains(agentId)) {
      return 410;
    }
    Agent agent = agents.get(agentId);
    if (agent == null) {
      return 404;
    }
    agent.lastPing = Instant.now();
    return 200;
  }

  private synchronized void checkAgents() {
    Instant limit = Instant.now().minus(config.agentPingTimeout().multipliedBy(config.maxAgentPingTimeouts()));
    for (Agent agent : new ArrayList<>(agents.values())) {
      if (agent.lastPing.isBefore(limit)) {
        removeAgent(agent, "health check timed out");
      }
    }
  }

  private void removeAgent(Agent agent, String why) {
    LOG.warn("removing agent {} ({}): {}", agent.id.getValue(), agent.info.getHostname(), why);
    agents.remove(agent.id.getValue());
    removedAgents.add(agent.id.getValue());
    agent.outbound.shutdownNow();
    for (OfferRecord offer : new ArrayList<>(offers.values())) {
      if (offer.agent == agent) {
        rescind(offer);
      }
    }
    for (TaskRecord task : agent.tasks.values()) {
      Framework fw = frameworks.get(task.frameworkId.getValue());
      if (fw == null) {
        continue;
      }
      fw.pendingUpdates.remove(task.task.getTaskId().getValue());
      if (isTerminal(task.state)) {
        completeTask(fw, task);
        continue;
      }
      boolean partitionAware = fw.partitionAware();
      TaskState state = partitionAware ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
      TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(task.task.getTaskId()).setState(state)
          .setAgentId(agent.id).setSource(TaskStatus.Source.SOURCE_MASTER)
          .setReason(TaskStatus.Reason.REASON_AGENT_REMOVED)
          .setMessage("Agent " + agent.info.getHostname() + " removed: " + why).setTimestamp(now());
      if (task.task.hasExecutor()) {
        status.setExecutorId(task.task.getExecutor().getExecutorId());
      }
      if (partitionAware) {
        status.setUnreachableTime(TimeInfo.newBuilder().setNanoseconds(System.currentTimeMillis() * 1_000_000L));
        fw.unreachableTasks.put(task.task.getTaskId().getValue(), state);
      }
      task.state = state;
      task.latest = status.build();
      task.statuses.add(task.latest);
      sendUpdate(fw, task.latest);
      fw.tasks.remove(task.task.getTaskId().getValue());
      fw.completedTasks.addLast(task);
    }
    agent.tasks.clear();
    agent.executors.clear();
    for (Framework fw : frameworks.values()) {
      fw.send(Event.newBuilder().setType(Event.Type.FAILURE)
          .setFailure(Event.Failure.newBuilder().setAgentId(agent.id)).build());
    }
  }

  // ---------------------------------------------------------------- /state

  /** JSON close to Mesos's master /state. */
  public synchronized ObjectNode state(MasterInfo leader) {
    ObjectNode root = object();
    root.put("version", AgentProtocol.MESOS_VERSION);
    root.put("id", masterId);
    root.put("pid", info.getPid());
    root.put("hostname", info.getHostname());
    root.put("start_time", seconds(startTime));
    root.put("activated_slaves", agents.size());
    root.put("deactivated_slaves", 0);
    root.put("unreachable_slaves", removedAgents.size());
    if (leader != null) {
      root.put("leader", leader.getPid());
      root.set("leader_info", ProtoJson.tree(leader));
    }
    ObjectNode flags = root.putObject("flags");
    flags.put("port", String.valueOf(info.getPort()));
    flags.put("hostname", config.hostname());
    if (config.zk() != null) {
      flags.put("zk", config.zk());
    }
    flags.put("agent_ping_timeout", config.agentPingTimeout().toMillis() + "ms");
    flags.put("max_agent_ping_timeouts", String.valueOf(config.maxAgentPingTimeouts()));
    ArrayNode slaves = root.putArray("slaves");
    for (Agent agent : agents.values()) {
      ObjectNode a = slaves.addObject();
      a.put("id", agent.id.getValue());
      a.put("pid", "slave(1)@" + agent.endpoint.getHost() + ":" + agent.endpoint.getPort());
      a.put("hostname", agent.info.getHostname());
      a.put("port", agent.endpoint.getPort());
      a.put("active", true);
      a.put("version", AgentProtocol.MESOS_VERSION);
      a.put("registered_time", seconds(agent.registeredTime));
      a.set("resources", agent.total.toJson());
      a.set("used_resources", used(agent).toJson());
      ResourceSet offered = ResourceSet.EMPTY;
      for (OfferRecord offer : offers.values()) {
        if (offer.agent == agent) {
          offered = offered.plus(offer.resources);
        }
      }
      a.set("offered_resources", offered.toJson());
      a.set("unreserved_resources", agent.total.toJson());
      a.putObject("reserved_resources");
      a.set("attributes", Attributes.toJson(agent.info.getAttributesList()));
    }
    ArrayNode fws = root.putArray("frameworks");
    for (Framework fw : frameworks.values()) {
      fws.add(frameworkJson(fw, true));
    }
    ArrayNode done = root.putArray("completed_frameworks");
    for (Framework fw : completedFrameworks) {
      done.add(frameworkJson(fw, false));
    }
    root.putArray("orphan_tasks");
    root.putArray("unregistered_frameworks");
    return root;
  }

  private ObjectNode frameworkJson(Framework fw, boolean active) {
    ObjectNode f = object();
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
    f.put("unregistered_time", fw.unregisteredTime == null ? java.math.BigDecimal.ZERO : seconds(fw.unregisteredTime));
    ArrayNode caps = f.putArray("capabilities");
    fw.info.getCapabilitiesList().forEach(c -> caps.add(c.getType().name()));
    ResourceSet used = ResourceSet.EMPTY;
    ArrayNode tasks = f.putArray("tasks");
    for (TaskRecord task : fw.tasks.values()) {
      tasks.add(taskJson(task));
      if (!isTerminal(task.state)) {
        used = used.plus(task.resources);
      }
    }
    for (Agent agent : agents.values()) {
      for (ExecutorRecord e : agent.executors.values()) {
        if (e.frameworkId.equals(fw.id)) {
          used = used.plus(e.resources);
        }
      }
    }
    f.set("used_resources", used.toJson());
    f.set("resources", used.toJson());
    ResourceSet offered = ResourceSet.EMPTY;
    ArrayNode offerList = f.putArray("offers");
    for (OfferRecord offer : offers.values()) {
      if (offer.framework == fw) {
        offered = offered.plus(offer.resources);
        ObjectNode o = offerList.addObject();
        o.put("id", offer.id.getValue());
        o.put("framework_id", fw.id.getValue());
        o.put("slave_id", offer.agent.id.getValue());
        o.set("resources", offer.resources.toJson());
      }
    }
    f.set("offered_resources", offered.toJson());
    ArrayNode completed = f.putArray("completed_tasks");
    for (TaskRecord task : fw.completedTasks) {
      completed.add(taskJson(task));
    }
    f.putArray("executors");
    return f;
  }

  private ObjectNode taskJson(TaskRecord task) {
    ObjectNode t = object();
    t.put("id", task.task.getTaskId().getValue());
    t.put("name", task.task.getName());
    t.put("framework_id", task.frameworkId.getValue());
    t.put("executor_id", task.task.hasExecutor() ? task.task.getExecutor().getExecutorId().getValue() : "");
    t.put("slave_id", task.agentId.getValue());
    t.put("state", task.state.name());
    t.set("resources", task.resources.toJson());
    ArrayNode statuses = t.putArray("statuses");
    for (TaskStatus status : task.statuses) {
      ObjectNode s = statuses.addObject();
      s.put("state", status.getState().name());
      s.put("timestamp", java.math.BigDecimal.valueOf(status.getTimestamp()));
      if (status.hasMessage()) {
        s.put("message", status.getMessage());
      }
      if (status.hasReason()) {
        s.put("reason", status.getReason().name());
      }
    }
    return t;
  }

  // ---------------------------------------------------------------- helpers

  static boolean isTerminal(TaskState state) {
    return switch (state) {
      case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_LOST, TASK_ERROR, TASK_DROPPED, TASK_GONE,
          TASK_GONE_BY_OPERATOR -> true;
      default -> false;
    };
  }

  /** Seconds since the epoch as Mesos prints them (1700000000.123, never in exponent form). */
  private static java.math.BigDecimal seconds(Instant instant) {
    return java.math.BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static ObjectNode error(String message) {
    ObjectNode node = object();
    node.put("error", message);
    return node;
  }

  /** A reply to an agent-protocol request. */
  public record JsonReply(int status, JsonNode body) {}

  @Override
  public void close() {
    timers.shutdownNow();
    List<EventStream> streams = new ArrayList<>();
    synchronized (this) {
      for (Framework fw : frameworks.values()) {
        if (fw.stream != null) {
          streams.add(fw.stream);
          fw.stream = null;
        }
      }
      agents.values().forEach(a -> a.outbound.shutdownNow());
    }
    streams.forEach(EventStream::close);
  }

  // ---------------------------------------------------------------- records of the state

  private static final class Framework {
    final FrameworkID id;
    FrameworkInfo info;
    EventStream stream;
    String streamId;
    MesosContentType contentType = MesosContentType.JSON;
    boolean suppressed;
    ScheduledFuture<?> failoverTimer;
    Instant registeredTime;
    Instant unregisteredTime;
    final Map<String, Filter> filters = new LinkedHashMap<>();
    final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    final Map<String, TaskState> unreachableTasks = new LinkedHashMap<>();
    final Deque<TaskRecord> completedTasks = new ArrayDeque<>();
    final Map<String, Deque<PendingUpdate>> pendingUpdates = new LinkedHashMap<>();

    Framework(FrameworkID id) {
      this.id = id;
    }

    boolean partitionAware() {
      return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    boolean hasCapability(FrameworkInfo.Capability.Type type) {
      return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    /** MULTI_ROLE frameworks get allocation_info on offered resources. */
    String allocationRole() {
      if (!hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE)) {
        return null;
      }
      return info.getRolesCount() > 0 ? info.getRoles(0) : "*";
    }

    @SuppressWarnings("deprecation")
    String legacyRole() {
      return info.hasRole() ? info.getRole() : "*";
    }

    byte[] encode(Event event) {
      return contentType.encode(event);
    }

    void send(Event event) {
      EventStream s = stream;
      if (s != null) {
        s.send(encode(event));
      }
    }
  }

  private final class Agent {
    final AgentID id;
    AgentInfo info;
    URI endpoint;
    ResourceSet total = ResourceSet.EMPTY;
    Instant lastPing = Instant.now();
    Instant registeredTime = Instant.now();
    final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    final Map<String, ExecutorRecord> executors = new LinkedHashMap<>();
    /** One thread per agent keeps run, kill and acknowledge calls in order. */
    final ExecutorService outbound;

    Agent(AgentID id) {
      this.id = id;
      this.outbound = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "master-to-" + id.getValue());
        t.setDaemon(true);
        return t;
      });
    }

    void post(String path, ObjectNode body) {
      post(path, body, problem -> { });
    }

    /** Sends in order; onFailure gets a description when the agent refuses or cannot be reached. */
    void post(String path, ObjectNode body, java.util.function.Consumer<String> onFailure) {
      body.put("agent_id", id.getValue());
      URI target = endpoint;
      try {
        outbound.execute(() -> {
          try {
            JsonPost.Reply reply = JsonPost.post(target, path, body);
            if (!reply.ok()) {
              LOG.warn("agent {} answered {} with {}: {}", id.getValue(), path, reply.status(), reply.body());
              onFailure.accept("HTTP " + reply.status() + " " + reply.body());
            }
          } catch (Exception e) {
            LOG.warn("cannot reach agent {} at {} for {}: {}", id.getValue(), target, path, e.toString());
            onFailure.accept(e.toString());
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        LOG.debug("agent {} is gone; dropping {}", id.getValue(), path);
      }
    }
  }

  private static final class TaskRecord {
    final TaskInfo task;
    final FrameworkID frameworkId;
    final AgentID agentId;
    final ResourceSet resources;
    TaskState state = TaskState.TASK_STAGING;
    TaskStatus latest;
    final List<TaskStatus> statuses = new ArrayList<>();

    TaskRecord(TaskInfo task, FrameworkID frameworkId, AgentID agentId, ResourceSet resources) {
      this.task = task;
      this.frameworkId = frameworkId;
      this.agentId = agentId;
      this.resources = resources;
    }
  }

  private record ExecutorRecord(FrameworkID frameworkId, ExecutorID executorId, ResourceSet resources) {}

  private record OfferRecord(OfferID id, Framework framework, Agent agent, ResourceSet resources, Instant created) {}

  private record Filter(ResourceSet resources, Instant until) {}

  private static final class PendingUpdate {
    final TaskStatus status;
    Instant sentAt;
    Duration backoff;

    PendingUpdate(TaskStatus status, Duration backoff) {
      this.status = status;
      this.backoff = backoff;
    }
  }
}
