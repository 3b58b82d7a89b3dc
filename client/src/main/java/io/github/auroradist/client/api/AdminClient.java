package io.github.auroradist.client.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduledTask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The operators' scheduler calls under {@code /api/admin}: task reconciliation, pruning of finished tasks and the
 * online recovery from a backup (stage, inspect, edit, commit or unload).
 */
public final class AdminClient {
  /** What a recovery step saw in the backup: its name and how many jobs and tasks it holds. */
  public record StagedBackup(String backup, int jobs, int tasks) {}

  /** Which tasks a recovery query or delete is about; null or empty fields do not filter. */
  public record TaskFilter(String role, String environment, String name, String instances, List<String> statuses,
      List<String> taskIds) {}

  private static final TypeReference<List<ScheduledTask>> TASKS = new TypeReference<>() {};

  private final SchedulerClient scheduler;

  public AdminClient(SchedulerClient scheduler) {
    this.scheduler = scheduler;
  }

  /** Asks Mesos about tasks: {@code EXPLICIT} (in batches of {@code batchSize}) or {@code IMPLICIT}. */
  public int reconcile(String type, Integer batchSize) throws SchedulerException {
    ObjectNode body = ModelJson.mapper().createObjectNode().put("type", type);
    if (batchSize != null) {
      body.put("batchSize", batchSize);
    }
    return scheduler.call("POST", "/api/admin/reconcile", body).path("tasks").asInt();
  }

  /** Forgets terminal tasks matching the fields given (null: any); returns the ids pruned. */
  public List<String> prune(String role, String environment, String name, List<String> statuses, Integer limit)
      throws SchedulerException {
    ObjectNode body = ModelJson.mapper().createObjectNode();
    putIfSet(body, "role", role);
    putIfSet(body, "environment", environment);
    putIfSet(body, "name", name);
    if (statuses != null && !statuses.isEmpty()) {
      body.set("statuses", ModelJson.mapper().valueToTree(statuses));
    }
    if (limit != null) {
      body.put("limit", limit);
    }
    return texts(scheduler.call("POST", "/api/admin/tasks/prune", body).path("pruned"));
  }

  public StagedBackup stageRecovery(String backup) throws SchedulerException {
    ObjectNode body = ModelJson.mapper().createObjectNode().put("backup", backup);
    return SchedulerClient.read(scheduler.call("POST", "/api/admin/recovery/stage", body), StagedBackup.class);
  }

  public List<ScheduledTask> recoveryTasks(TaskFilter filter) throws SchedulerException {
    String q = SchedulerClient.query("role", filter.role(), "environment", filter.environment(), "name",
        filter.name(), "instances", filter.instances(), "statuses", joined(filter.statuses()), "taskIds",
        joined(filter.taskIds()));
    return SchedulerClient.read(scheduler.call("GET", "/api/admin/recovery/tasks" + q, null).path("tasks"), TASKS);
  }

  public List<String> deleteRecoveryTasks(TaskFilter filter) throws SchedulerException {
    ObjectNode body = ModelJson.mapper().createObjectNode();
    putIfSet(body, "role", filter.role());
    putIfSet(body, "environment", filter.environment());
    putIfSet(body, "name", filter.name());
    putIfSet(body, "instances", filter.instances());
    putIfSet(body, "statuses", joined(filter.statuses()));
    if (filter.taskIds() != null && !filter.taskIds().isEmpty()) {
      body.set("taskIds", ModelJson.mapper().valueToTree(filter.taskIds()));
    }
    return texts(scheduler.call("POST", "/api/admin/recovery/tasks/delete", body).path("deleted"));
  }

  public StagedBackup commitRecovery() throws SchedulerException {
    return SchedulerClient.read(scheduler.call("POST", "/api/admin/recovery/commit",
        ModelJson.mapper().createObjectNode()), StagedBackup.class);
  }

  /** Drops the staged backup; returns its name. */
  public String unloadRecovery() throws SchedulerException {
    return scheduler.call("POST", "/api/admin/recovery/unload", ModelJson.mapper().createObjectNode())
        .path("backup").asText();
  }

  private static void putIfSet(ObjectNode body, String field, String value) {
    if (value != null && !value.isEmpty()) {
      body.put(field, value);
    }
  }

  private static String joined(Collection<String> values) {
    return values == null || values.isEmpty() ? null : String.join(",", values);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
