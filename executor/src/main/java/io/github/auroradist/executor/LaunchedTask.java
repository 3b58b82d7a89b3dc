package io.github.auroradist.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the scheduler tells the executor about a task, read from {@code TaskInfo.data}: the task's
 * identity, where it runs, its ports, and the Thermos configuration ({@code executorData}, the
 * Pystachio JSON Aurora's client wrote).
 *
 * <p>Three shapes are accepted: the scheduler's {@code ExecutorTaskData} {@code {taskId, instanceId,
 * role, environment, jobName, user, agentHost, assignedPorts, executorData, ...}}; an assigned task {@code {taskId,
 * instanceId, agentHost, assignedPorts, task: {job: {role, environment, name}, owner: {user},
 * executorConfig: {data}}}}; and the bare Thermos JSON (identity from its own role, environment,
 * name and instance). The processes run as {@code user}, which defaults to the role.
 */
public record LaunchedTask(
    String taskId,
    int instanceId,
    String role,
    String environment,
    String jobName,
    String user,
    String agentHost,
    Map<String, Integer> assignedPorts,
    String executorData) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public LaunchedTask {
    assignedPorts = Map.copyOf(assignedPorts);
  }

  /**
   * Reads the assigned task the scheduler put into {@code TaskInfo.data}.
   *
   * @param mesosTaskId the TaskInfo's task id, used when the data does not repeat it
   * @param agentHostname the agent's host name, used when the data does not name one
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static LaunchedTask parse(byte[] data, String mesosTaskId, String agentHostname) {
    if (data == null || data.length == 0) {
      throw new IllegalArgumentException("the TaskInfo carries no data; the scheduler must put the assigned"
          + " task (with the Thermos configuration in executorData) into TaskInfo.data");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(data);
    } catch (IOException e) {
      throw new IllegalArgumentException("TaskInfo.data is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("TaskInfo.data must be a JSON object describing the assigned task");
    }
    String taskId = text(root, "taskId", mesosTaskId);
    String host = text(root, "agentHost", agentHostname);
    Map<String, Integer> ports = ports(root.path("assignedPorts"));

    if (root.has("executorData")) {
      String role = text(root, "role", null);
      return new LaunchedTask(taskId, root.path("instanceId").asInt(0), role,
          text(root, "environment", null), text(root, "jobName", null), text(root, "user", role), host, ports,
          dataText(root.get("executorData")));
    }
    JsonNode task = root.path("task");
    if (task.has("executorConfig")) {
      JsonNode job = task.path("job");
      String role = text(job, "role", null);
      String user = text(task.path("owner"), "user", role);
      return new LaunchedTask(taskId, root.path("instanceId").asInt(0), role,
          text(job, "environment", null), text(job, "name", null), user, host, ports,
          dataText(task.path("executorConfig").get("data")));
    }
    if (task.has("processes")) {
      String role = text(root, "role", null);
      return new LaunchedTask(taskId, root.path("instance").asInt(0), role,
          text(root, "environment", null), text(root, "name", null), role, host, ports, root.toString());
    }
    throw new IllegalArgumentException("TaskInfo.data has no Thermos configuration: expected"
        + " 'executorData', 'task.executorConfig.data' or a Thermos 'task' with processes");
  }

  private static String dataText(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("the assigned task has no executor data (the Thermos configuration)");
    }
    return node.isTextual() ? node.asText() : node.toString();
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }

  private static Map<String, Integer> ports(JsonNode node) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().canConvertToInt()) {
        throw new IllegalArgumentException("assigned port '" + e.getKey() + "' is not a port number: " + e.getValue());
      }
      ports.put(e.getKey(), e.getValue().asInt());
    }
    return ports;
  }
}
