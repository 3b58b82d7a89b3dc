package io.github.auroradist.client.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.SlaPolicy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Host maintenance over the scheduler's {@code /api/maintenance} endpoints (docs/api.md). */
public final class MaintenanceClient {
  private static final TypeReference<Map<String, MaintenanceMode>> MODES = new TypeReference<>() {};

  private final SchedulerClient scheduler;

  public MaintenanceClient(SchedulerClient scheduler) {
    this.scheduler = scheduler;
  }

  /** Aurora's start_maintenance: the hosts become SCHEDULED. */
  public Map<String, MaintenanceMode> start(Collection<String> hosts) throws SchedulerException {
    return modes(scheduler.call("POST", "/api/maintenance/start", hosts(hosts)));
  }

  /** The hosts take no new tasks and their tasks move away (DRAINING, then DRAINED). */
  public Map<String, MaintenanceMode> drain(Collection<String> hosts) throws SchedulerException {
    return modes(scheduler.call("POST", "/api/maintenance/drain", hosts(hosts)));
  }

  /** The hosts go back into service (NONE). */
  public Map<String, MaintenanceMode> end(Collection<String> hosts) throws SchedulerException {
    return modes(scheduler.call("POST", "/api/maintenance/end", hosts(hosts)));
  }

  /**
   * An SLA-aware drain: the scheduler kills the hosts' tasks only while each job keeps its SLA ({@code
   * defaultPolicy} for jobs without one), and the rest after {@code timeoutSecs}.
   */
  public Map<String, MaintenanceMode> slaDrain(Collection<String> hosts, SlaPolicy defaultPolicy, long timeoutSecs)
      throws SchedulerException {
    ObjectNode body = hosts(hosts);
    ObjectNode policy = ModelJson.mapper().valueToTree(defaultPolicy);
    // Only the fields of the policy's kind, as the contract writes it.
    policy.properties().removeIf(field -> field.getValue().isNull());
    body.set("defaultSlaPolicy", policy);
    body.put("timeoutSecs", timeoutSecs);
    return modes(scheduler.call("POST", "/api/maintenance/sla_drain", body));
  }

  /** The hosts' modes (a host the scheduler never heard of is NONE). */
  public Map<String, MaintenanceMode> status(Collection<String> hosts) throws SchedulerException {
    return modes(scheduler.call("GET", "/api/maintenance"
        + SchedulerClient.query("hosts", String.join(",", hosts)), null));
  }

  private static ObjectNode hosts(Collection<String> hosts) {
    ObjectNode body = ModelJson.mapper().createObjectNode();
    body.set("hosts", ModelJson.mapper().valueToTree(List.copyOf(hosts)));
    return body;
  }

  private static Map<String, MaintenanceMode> modes(JsonNode answer) throws SchedulerException {
    return new TreeMap<>(SchedulerClient.read(answer.path("hosts"), MODES));
  }
}
