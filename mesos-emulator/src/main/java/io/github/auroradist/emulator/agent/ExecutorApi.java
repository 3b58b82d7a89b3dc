package io.github.auroradist.emulator.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.mesos.http.MesosContentType;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor API's calls, after the HTTP layer decoded and validated them: SUBSCRIBE (SUBSCRIBED,
 * then the queued tasks), UPDATE and MESSAGE; and messages and heartbeats to subscribed executors.
 */
final class ExecutorApi {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorApi.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  /** Why an executor call was refused: an HTTP status and message. */
  record Refusal(int status, String message) {}

  private final AgentState state;
  private final TaskUpdates updates;
  private final MasterSession master;
  private final ScheduledExecutorService timers;

  ExecutorApi(AgentState state, TaskUpdates updates, MasterSession master, ScheduledExecutorService timers) {
    this.state = state;
    this.updates = updates;
    this.master = master;
    this.timers = timers;
  }

  void start() {
    long beat = HEARTBEAT.toMillis();
    // Not kept: the agent's close() stops it, and the timer threads log a failure.
    var unused = timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
  }

  /** Null when the executor may make the call. */
  Refusal check(String frameworkId, String executorId, boolean subscribing) {
    synchronized (state) {
      if (!state.frameworks.containsKey(frameworkId)) {
        return new Refusal(400, "Framework cannot be found");
      }
      ExecutorRun run = state.run(frameworkId, executorId);
      if (run == null || run.commandTask) {
        return new Refusal(400, "Executor cannot be found");
      }
      if (run.state == ExecutorRun.State.TERMINATED) {
        return new Refusal(403, "Executor has terminated");
      }
      if (!subscribing && run.stream == null) {
        return new Refusal(403, "Executor is not subscribed");
      }
      return null;
    }
  }

  /** SUBSCRIBE: send SUBSCRIBED, then the tasks queued for the executor. */
  void subscribe(String frameworkId, String executorId, EventStream stream, MesosContentType type,
      Call.Subscribe subscribe) {
    synchronized (state) {
      ExecutorRun run = state.run(frameworkId, executorId);
      EventStream old = run.detachStream();
      if (old != null) {
        old.close();
      }
      run.stream = stream;
      run.streamType = type;
      if (run.registrationTimer != null) {
        run.registrationTimer.cancel(false);
      }
      if (run.state == ExecutorRun.State.LAUNCHING) {
        run.state = ExecutorRun.State.RUNNING;
      }
      stream.onClose(() -> disconnected(run, stream));
      run.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
          .setSubscribed(Event.Subscribed.newBuilder()
              .setExecutorInfo(run.info)
              .setFrameworkInfo(state.frameworks.get(frameworkId))
              .setAgentInfo(state.agentInfo())
              .setContainerId(ContainerID.newBuilder().setValue(run.containerId)))
          .build());
      LOG.info("executor {} of framework {} subscribed", executorId, frameworkId);
      for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
        TaskStatus status = update.getStatus();
        if (!updates.isPending(frameworkId, status) && run.holds(status.getTaskId().getValue())) {
          updates.fromExecutor(run, status);
        }
      }
      for (TaskInfo task : run.queued.values()) {
        run.launched.put(task.getTaskId().getValue(), task);
        run.send(launch(task));
      }
      run.queued.clear();
      if (run.state == ExecutorRun.State.TERMINATING) {
        run.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
      }
    }
  }

  static Event launch(TaskInfo task) {
    return Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder().setTask(task)).build();
  }

  private void disconnected(ExecutorRun run, EventStream stream) {
    synchronized (state) {
      if (run.stream == stream) {
        run.stream = null;
        LOG.info("executor {} of framework {} disconnected", run.executorId(), run.frameworkId.getValue());
      }
    }
  }

  /** UPDATE; returns a refusal message or null. */
  String update(String frameworkId, String executorId, TaskStatus status) {
    synchronized (state) {
      ExecutorRun run = state.run(frameworkId, executorId);
      if (!status.hasUuid()) {
        return "Expecting 'uuid' to be present";
      }
      if (status.getState() == TaskState.TASK_STAGING) {
        return "Executor is not allowed to send TASK_STAGING status update";
      }
      if (!run.holds(status.getTaskId().getValue())) {
        return "Task " + status.getTaskId().getValue() + " is not known to executor " + executorId;
      }
      updates.fromExecutor(run, status);
      return null;
    }
  }

  /** MESSAGE from the executor, on to its framework through the master. */
  void fromExecutor(String frameworkId, String executorId, byte[] data) {
    ObjectNode body = ProtoJson.MAPPER.createObjectNode();
    body.put("framework_id", frameworkId);
    body.put("executor_id", executorId);
    body.put("data", Base64.getEncoder().encodeToString(data));
    master.post(AgentProtocol.EXECUTOR_MESSAGE, body);
  }

  /** A framework's message, relayed by the master; dropped when the executor is not subscribed. */
  void toExecutor(String frameworkId, String executorId, byte[] data) {
    synchronized (state) {
      ExecutorRun run = state.run(frameworkId, executorId);
      if (run != null) {
        run.send(Event.newBuilder().setType(Event.Type.MESSAGE)
            .setMessage(Event.Message.newBuilder().setData(ByteString.copyFrom(data))).build());
      }
    }
  }

  private void heartbeat() {
    synchronized (state) {
      for (ExecutorRun run : state.executors.values()) {
        run.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
      }
    }
  }
}
