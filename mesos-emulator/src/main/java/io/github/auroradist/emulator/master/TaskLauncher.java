package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.TaskStates;
import io.github.auroradist.emulator.resources.ResourceSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ACCEPT: validates the offers and each task like Mesos, and sends the valid tasks to their agent. */
final class TaskLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(TaskLauncher.class);

  private final MasterLock lock;
  private final FrameworkRegistry frameworks;
  private final Allocator allocator;
  private final StatusUpdates updates;

  TaskLauncher(MasterLock lock, FrameworkRegistry frameworks, Allocator allocator, StatusUpdates updates) {
    this.lock = lock;
    this.frameworks = frameworks;
    this.allocator = allocator;
    this.updates = updates;
  }

  void accept(Framework fw, Call.Accept accept) {
    List<String> invalid = new ArrayList<>();
    RegisteredAgent agent = null;
    ResourceSet pool = ResourceSet.EMPTY;
    for (OfferID id : accept.getOfferIdsList()) {
      OfferRecord offer = allocator.take(id);
      if (offer == null || offer.framework() != fw) {
        invalid.add("Offer " + id.getValue() + " is no longer valid");
        continue;
      }
      if (agent != null && agent != offer.agent()) {
        invalid.add("Aggregated offers must belong to one single agent");
        continue;
      }
      agent = offer.agent();
      pool = pool.plus(offer.resources());
    }
    if (accept.getOfferIdsCount() == 0) {
      invalid.add("No offers specified");
    }
    for (Offer.Operation op : accept.getOperationsList()) {
      switch (op.getType()) {
        case LAUNCH -> {
          for (TaskInfo task : op.getLaunch().getTaskInfosList()) {
            if (!invalid.isEmpty()) {
              updates.sendFromMaster(fw, task.getTaskId(), task.getAgentId(),
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
            updates.sendFromMaster(fw, task.getTaskId(), task.getAgentId(), TaskState.TASK_ERROR,
                TaskStatus.Reason.REASON_TASK_GROUP_INVALID,
                "The Mesos emulator does not implement LAUNCH_GROUP; use LAUNCH");
          }
        }
        default -> LOG.warn("framework {} sent an offer operation {} the emulator ignores",
            fw.id.getValue(), op.getType());
      }
    }
    if (agent != null && !pool.isEmpty()) {
      allocator.filter(fw, agent, pool, accept.hasFilters() ? accept.getFilters() : Filters.getDefaultInstance());
    }
  }

  /** Validates and launches one task; returns what is left of the offered pool. */
  private ResourceSet launch(Framework fw, RegisteredAgent agent, TaskInfo task, ResourceSet pool) {
    String problem = null;
    ResourceSet needed = ResourceSet.of(task.getResourcesList());
    String executorKey = task.hasExecutor()
        ? RegisteredAgent.key(fw.id.getValue(), task.getExecutor().getExecutorId().getValue()) : null;
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
      if (executorKey != null && !agent.hasExecutor(executorKey)) {
        newExecutor = true;
        needed = needed.plus(ResourceSet.of(task.getExecutor().getResourcesList()));
      }
      if (!pool.contains(needed)) {
        problem = "Task uses more resources " + needed + " than available " + pool;
      }
    }
    if (problem != null) {
      LOG.info("framework {} launched an invalid task {}: {}", fw.id.getValue(), task.getTaskId().getValue(), problem);
      updates.sendFromMaster(fw, task.getTaskId(), task.getAgentId(), TaskState.TASK_ERROR,
          TaskStatus.Reason.REASON_TASK_INVALID, problem);
      return pool;
    }
    TaskInfo.Builder launched = task.toBuilder();
    if (task.hasExecutor()) {
      launched.getExecutorBuilder().setFrameworkId(fw.id);
      if (newExecutor) {
        agent.putExecutor(executorKey, new ExecutorRecord(fw.id, task.getExecutor().getExecutorId(),
            ResourceSet.of(task.getExecutor().getResourcesList())));
      }
    }
    TaskRecord record = new TaskRecord(launched.build(), fw.id, agent.id, ResourceSet.of(task.getResourcesList()));
    fw.tasks.put(record.id(), record);
    agent.putTask(RegisteredAgent.key(fw.id.getValue(), record.id()), record);
    FrameworkInfo frameworkInfo = fw.info; // immutable messages: safe to render after the lock is released
    TaskInfo launchedTask = record.task;
    agent.post(AgentProtocol.RUN, () -> {
      ObjectNode body = ProtoJson.MAPPER.createObjectNode();
      body.putRawValue("framework_info", ProtoJson.raw(frameworkInfo));
      body.putRawValue("task", ProtoJson.raw(launchedTask));
      return body;
    }, why -> lock.run(() -> launchFailed(fw.id, record, why)));
    LOG.info("launching task {} of framework {} on agent {}", record.id(), fw.id.getValue(), agent.id.getValue());
    return pool.minus(needed);
  }

  /** The agent refused or never got a launch: the task is lost (dropped for partition-aware frameworks). */
  private void launchFailed(FrameworkID frameworkId, TaskRecord task, String problem) {
    Framework fw = frameworks.get(frameworkId.getValue());
    if (fw == null || fw.tasks.get(task.id()) != task || task.state != TaskState.TASK_STAGING) {
      return;
    }
    TaskStatus status = TaskStatus.newBuilder().setTaskId(task.task.getTaskId()).setAgentId(task.agentId)
        .setState(fw.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST)
        .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(TaskStatus.Reason.REASON_AGENT_DISCONNECTED)
        .setMessage("The agent did not take the task: " + problem).setTimestamp(TaskStates.now()).build();
    task.record(status);
    updates.send(fw, status);
    updates.endTask(fw, task);
  }
}
