package io.github.auroradist.scheduler.sla;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.SlaPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aurora's CoordinatorSlaPolicy, with the request of Aurora's coordinator interface: a POST to the coordinator's URL
 * with {@code ?task=<cluster>/<role>/<env>/<name>/<instance>} and the body {@code {"forceMaintenanceCountdownMs":
 * "<ms>", "task": "<that key>", "taskConfig": <the task>}} (no countdown for an update); the task may go only when
 * the answer's boolean {@code statusKey} is true. As in Aurora, one coordinator URL is asked one question at a time,
 * so a coordinator can judge from the tasks' current state. The question is asked in the background, as the
 * scheduler's writes must not wait for a remote server: the first check of a task starts it and says no, and a
 * check after a yes says yes (once: a later take-down asks again). No answer within the timeout, a status other
 * than 2xx and an answer that is not JSON all count as no, and are logged with the reason.
 */
final class CoordinatorSlaPolicy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorSlaPolicy.class);
  /** How long a coordinator's yes stays good: the task may have changed since. */
  private static final Duration APPROVAL_LIFETIME = Duration.ofSeconds(30);

  private final Clock clock;
  private final String cluster;
  private final Duration timeout;
  private final HttpClient client;
  private final ExecutorService askers;
  private final Map<String, Long> approvedAt = new ConcurrentHashMap<>();
  private final Set<String> asking = ConcurrentHashMap.newKeySet();
  /** One lock per coordinator URL: a coordinator is asked one question at a time. */
  private final Map<String, Object> oneAtATime = new ConcurrentHashMap<>();

  CoordinatorSlaPolicy(Clock clock, String cluster, Duration timeout) {
    this.clock = clock;
    this.cluster = cluster;
    this.timeout = timeout;
    this.askers = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "sla-coordinator");
      t.setDaemon(true);
      return t;
    });
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  boolean allows(ScheduledTask task, SlaPolicy policy, OptionalLong forceMaintenanceCountdownMs) {
    Long approved = approvedAt.remove(task.taskId());
    if (approved != null && clock.millis() - approved < APPROVAL_LIFETIME.toMillis()) {
      return true;
    }
    if (asking.add(task.taskId())) {
      try {
        askers.execute(() -> {
          synchronized (oneAtATime.computeIfAbsent(policy.coordinatorUrl(), u -> new Object())) {
            ask(task, policy, forceMaintenanceCountdownMs);
          }
        });
      } catch (RuntimeException e) {
        asking.remove(task.taskId());
        LOG.warn("Could not ask coordinator {} about task {}: {}", policy.coordinatorUrl(), task.taskId(),
            e.toString());
      }
    }
    return false;
  }

  private void ask(ScheduledTask task, SlaPolicy policy, OptionalLong forceMaintenanceCountdownMs) {
    String url = policy.coordinatorUrl();
    String taskKey = cluster + "/" + task.jobKey().role() + "/" + task.jobKey().environment() + "/"
        + task.jobKey().name() + "/" + task.assignedTask().instanceId();
    String key = policy.statusKey() == null || policy.statusKey().isBlank() ? SlaPolicy.DEFAULT_STATUS_KEY
        : policy.statusKey();
    try {
      URI withTask = URI.create(url + (url.contains("?") ? "&" : "?") + "task="
          + URLEncoder.encode(taskKey, StandardCharsets.UTF_8));
      HttpRequest request = HttpRequest.newBuilder(withTask).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body(task, taskKey, forceMaintenanceCountdownMs))).build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String no = refusal(response, key);
      if (no == null) {
        approvedAt.put(task.taskId(), clock.millis());
        LOG.info("Coordinator {} allows taking task {} down", url, task.taskId());
      } else {
        LOG.warn("Coordinator {} does not allow taking task {} down: {}", url, task.taskId(), no);
      }
    } catch (HttpTimeoutException e) {
      LOG.warn("Coordinator {} did not answer about task {} within {} s; counted as no", url, task.taskId(),
          timeout.toSeconds());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not ask coordinator {} about task {} ({}); counted as no", url, task.taskId(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      asking.remove(task.taskId());
    }
  }

  /** Why the answer is no, or null for yes. */
  private static String refusal(HttpResponse<String> response, String key) {
    if (response.statusCode() / 100 != 2) {
      return "it answered HTTP " + response.statusCode();
    }
    JsonNode answer;
    try {
      answer = ModelJson.mapper().readTree(response.body());
    } catch (IOException e) {
      return "its answer is not JSON";
    }
    JsonNode go = answer == null ? null : answer.get(key);
    if (go == null || !go.isBoolean()) {
      return "its answer has no boolean field \"" + key + "\"";
    }
    return go.booleanValue() ? null : "\"" + key + "\" is false";
  }

  /** The body of Aurora's coordinator interface (the countdown as a string, as Aurora's JSON has its 64-bit ints). */
  private static String body(ScheduledTask task, String taskKey, OptionalLong forceMaintenanceCountdownMs) {
    ObjectNode body = ModelJson.mapper().createObjectNode();
    forceMaintenanceCountdownMs.ifPresent(ms ->
        body.put("forceMaintenanceCountdownMs", Long.toString(Math.max(0, ms))));
    body.put("task", taskKey);
    body.set("taskConfig", ModelJson.mapper().valueToTree(task));
    return ModelJson.write(body);
  }

  @Override
  public void close() {
    askers.shutdownNow();
  }
}
