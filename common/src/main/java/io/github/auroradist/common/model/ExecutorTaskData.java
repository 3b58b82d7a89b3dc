package io.github.auroradist.common.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the scheduler puts in a Mesos {@code TaskInfo.data} for the executor, as JSON (UTF-8). The
 * executor needs nothing else from the TaskInfo: ports are here by name, and {@code executorData}
 * is the job's executor configuration exactly as the client submitted it (for Thermos, the task as
 * Pystachio JSON). Format version 1; fields may be added, never renamed.
 */
public record ExecutorTaskData(
    int formatVersion,
    String taskId,
    int instanceId,
    String role,
    String environment,
    String jobName,
    String user,
    String cluster,
    String agentHost,
    Map<String, Integer> assignedPorts,
    Resources resources,
    boolean isService,
    boolean production,
    int priority,
    String tier,
    String executorName,
    String executorData) {

  public static final int FORMAT_VERSION = 1;

  public ExecutorTaskData {
    assignedPorts = assignedPorts == null ? Map.of() : Map.copyOf(new TreeMap<>(assignedPorts));
  }

  /** The data for a task that has been placed on {@code assigned.agentHost()}. */
  public static ExecutorTaskData of(AssignedTask assigned, String cluster) {
    TaskConfig t = assigned.task();
    JobKey k = t.job();
    return new ExecutorTaskData(FORMAT_VERSION, assigned.taskId(), assigned.instanceId(), k.role(), k.environment(),
        k.name(), t.owner() == null ? k.role() : t.owner().user(), cluster, assigned.agentHost(),
        assigned.assignedPorts(), t.resources(), t.isService(), t.production(), t.priority(), t.tier(),
        t.executorConfig() == null ? null : t.executorConfig().name(),
        t.executorConfig() == null ? null : t.executorConfig().data());
  }

  public byte[] toJson() {
    return ModelJson.writeBytes(this);
  }

  /** Reads the data; unknown (newer) fields are ignored so an older executor still runs newer tasks. */
  public static ExecutorTaskData fromJson(byte[] json) {
    try {
      return ModelJson.mapper().readerFor(ExecutorTaskData.class)
          .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the task data is not the scheduler's JSON task format: " + e.getMessage(), e);
    }
  }
}
