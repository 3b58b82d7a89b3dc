package io.github.auroradist.executor;

import io.github.auroradist.common.json.JsonTrees;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>It is read with jackson-core's streaming parser into plain values ({@link JsonTrees}), not with databind,
 * which the executor does not load.
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
    Map<String, Object> root;
    try {
      root = JsonTrees.asObject(JsonTrees.parse(data));
    } catch (IOException e) {
      throw new IllegalArgumentException("TaskInfo.data is not JSON: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new IllegalArgumentException("TaskInfo.data must be a JSON object describing the assigned task");
    }
    String taskId = text(root, "taskId", mesosTaskId);
    String host = text(root, "agentHost", agentHostname);
    Map<String, Integer> ports = ports(root.get("assignedPorts"));

    if (root.containsKey("executorData")) {
      String role = text(root, "role", null);
      return new LaunchedTask(taskId, asInt(root.get("instanceId")), role,
          text(root, "environment", null), text(root, "jobName", null), text(root, "user", role), host, ports,
          dataText(root.get("executorData")));
    }
    Map<String, Object> task = object(root.get("task"));
    if (task.containsKey("executorConfig")) {
      Map<String, Object> job = object(task.get("job"));
      String role = text(job, "role", null);
      String user = text(object(task.get("owner")), "user", role);
      return new LaunchedTask(taskId, asInt(root.get("instanceId")), role,
          text(job, "environment", null), text(job, "name", null), user, host, ports,
          dataText(object(task.get("executorConfig")).get("data")));
    }
    if (task.containsKey("processes")) {
      String role = text(root, "role", null);
      return new LaunchedTask(taskId, asInt(root.get("instance")), role,
          text(root, "environment", null), text(root, "name", null), role, host, ports, JsonTrees.toJson(root));
    }
    throw new IllegalArgumentException("TaskInfo.data has no Thermos configuration: expected"
        + " 'executorData', 'task.executorConfig.data' or a Thermos 'task' with processes");
  }

  private static String dataText(Object node) {
    if (node == null) {
      throw new IllegalArgumentException("the assigned task has no executor data (the Thermos configuration)");
    }
    return node instanceof String text ? text : JsonTrees.toJson(node);
  }

  /** An object, or an empty one for anything else (as databind's {@code path} gives a missing node). */
  private static Map<String, Object> object(Object node) {
    Map<String, Object> object = JsonTrees.asObject(node);
    return object == null ? Map.of() : object;
  }

  /** A field's text as databind's {@code asText} gives it (a structure has none: ""), or the fallback. */
  private static String text(Map<String, Object> node, String field, String fallback) {
    Object v = node.get(field);
    if (v == null) {
      return fallback;
    }
    return v instanceof Map || v instanceof List ? "" : JsonTrees.scalarText(v);
  }

  /** A number as databind's {@code asInt(0)} reads it: text is parsed, true is 1, anything else 0. */
  private static int asInt(Object node) {
    if (node instanceof Number n) {
      return n.intValue();
    }
    if (node instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (node instanceof String s) {
      String text = s.trim();
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        try {
          return (int) Double.parseDouble(text);
        } catch (NumberFormatException notNumber) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static Map<String, Integer> ports(Object node) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : object(node).entrySet()) {
      if (!fitsInt(e.getValue())) {
        throw new IllegalArgumentException("assigned port '" + e.getKey() + "' is not a port number: "
            + JsonTrees.toJson(e.getValue()));
      }
      ports.put(e.getKey(), ((Number) e.getValue()).intValue());
    }
    return ports;
  }

  private static boolean fitsInt(Object value) {
    if (value instanceof Integer) {
      return true;
    }
    if (value instanceof Long l) {
      return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() <= 31;
    }
    if (value instanceof Double d) {
      return d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
    }
    return false;
  }
}
