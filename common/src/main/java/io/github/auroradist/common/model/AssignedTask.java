package io.github.auroradist.common.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A task with its identity and, once placed, where it runs. {@code agentId}/{@code agentHost} are
 * null and {@code assignedPorts} empty while the task is pending.
 */
public record AssignedTask(
    String taskId,
    String agentId,
    String agentHost,
    TaskConfig task,
    Map<String, Integer> assignedPorts,
    int instanceId) {

  public AssignedTask {
    assignedPorts = assignedPorts == null ? Map.of() : Map.copyOf(new TreeMap<>(assignedPorts));
  }

  public AssignedTask placed(String newAgentId, String newAgentHost, Map<String, Integer> ports) {
    return new AssignedTask(taskId, newAgentId, newAgentHost, task, ports, instanceId);
  }

  public InstanceKey instanceKey() {
    return new InstanceKey(task.job(), instanceId);
  }
}
