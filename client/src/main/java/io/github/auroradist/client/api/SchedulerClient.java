package io.github.auroradist.client.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.client.security.AuthException;
import io.github.auroradist.client.security.ClusterSecurity;
import io.github.auroradist.common.http.PathSegments;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateDiff;
import io.github.auroradist.common.model.update.JobUpdateKey;
import io.github.auroradist.common.model.update.JobUpdateRequest;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import io.github.auroradist.common.model.update.StartJobUpdateResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/** The scheduler's JSON API (docs/api.md) over HTTP, for one scheduler address. */
public final class SchedulerClient {
  /** Task ids a request created, killed or restarted. */
  public record TaskIds(JobKey job, List<String> taskIds) {}

  /**
   * A role's quota and what it uses, by Aurora's GetQuotaResult names; dedicated consumptions are null when the
   * scheduler does not report them. {@code answer} is the scheduler's JSON as it came.
   */
  public record Quota(String role, ResourceAggregate quota, ResourceAggregate prodSharedConsumption,
      ResourceAggregate nonProdSharedConsumption, ResourceAggregate prodDedicatedConsumption,
      ResourceAggregate nonProdDedicatedConsumption, JsonNode answer) {}

  /** A cron job as the scheduler holds it, and when it runs next (null: its schedule never fires again). */
  public record CronJob(JobConfiguration job, String nextRun) {}

  /** What starting a cron run did: {@code started}, {@code skipped: ...} or {@code killing the previous run; ...}. */
  public record CronStart(JobKey job, String result) {}

  private static final ObjectMapper JSON = ModelJson.mapper();

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final ClusterSecurity security;
  private final ClusterSecurity.Credentials credentials;
  private volatile Consumer<String> warnings = w -> System.err.println("Warning: " + w);
  private final AtomicBoolean warnedStale = new AtomicBoolean();

  /**
   * A client of the scheduler at {@code base}, sending the credentials {@code security} gives for its host and
   * trusting the certificates it names.
   */
  public SchedulerClient(URI base, Duration timeout, ClusterSecurity security) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    this.timeout = timeout;
    this.security = security;
    this.credentials = security.forHost(this.base.getHost());
    this.http = HttpClient.newBuilder().connectTimeout(timeout).sslContext(security.tls())
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public URI base() {
    return base;
  }

  /** Where warnings go (standard error by default), e.g. that the scheduler's answers may be stale. */
  public void onWarning(Consumer<String> sink) {
    this.warnings = sink;
  }

  /** True when this scheduler answers {@code /leaderhealth} with 200. */
  public boolean isLeader() throws SchedulerException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/leaderhealth")).GET(), false);
    return r.statusCode() == 200;
  }

  public TaskIds createJob(JobConfiguration job) throws SchedulerException {
    return read(call("POST", "/api/jobs", job), TaskIds.class);
  }

  public List<JobConfiguration> jobs(String role, String environment) throws SchedulerException {
    String query = query("role", role, "environment", environment);
    JsonNode r = call("GET", "/api/jobs" + query, null);
    return read(r.path("jobs"), new TypeReference<List<JobConfiguration>>() {});
  }

  /** The job's configuration, or empty when the scheduler does not know the job. */
  public Optional<JobConfiguration> job(JobKey key) throws SchedulerException {
    try {
      return Optional.of(read(call("GET", "/api/jobs/" + path(key), null), JobConfiguration.class));
    } catch (SchedulerException e) {
      if ("NOT_FOUND".equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Tasks of a job, whole (with their configurations).
   *
   * @param instances only these instances (all when empty)
   * @param statuses comma-separated statuses, {@code ACTIVE} or {@code TERMINAL} (all when null)
   */
  public List<ScheduledTask> tasks(JobKey key, Collection<Integer> instances, String statuses)
      throws SchedulerException {
    return query(key.role(), key.environment(), key.name(), instances, statuses);
  }

  /**
   * Tasks of a job without their configurations (Aurora's {@code getTasksWithoutConfigs}): each task's
   * {@code assignedTask.task} holds only its {@code job} and {@code resources}, every other configuration field is
   * absent (its default). Enough for status: ids, instances, statuses, hosts, ports, events, failure counts.
   *
   * @param instances only these instances (all when empty)
   * @param statuses comma-separated statuses, {@code ACTIVE} or {@code TERMINAL} (all when null)
   */
  public List<ScheduledTask> tasksWithoutConfigs(JobKey key, Collection<Integer> instances, String statuses)
      throws SchedulerException {
    return queryWithoutConfigs(key.role(), key.environment(), key.name(), instances, statuses);
  }

  /**
   * Tasks matching all the given filters (null or empty: no filter), as {@code GET /api/tasks}.
   */
  public List<ScheduledTask> query(String role, String environment, String name,
      Collection<Integer> instances, String statuses) throws SchedulerException {
    return taskQuery(role, environment, name, instances, statuses, null);
  }

  /**
   * Tasks matching all the given filters (null or empty: no filter) without their configurations, as
   * {@code GET /api/tasks?configs=false}; see {@link #tasksWithoutConfigs}.
   */
  public List<ScheduledTask> queryWithoutConfigs(String role, String environment, String name,
      Collection<Integer> instances, String statuses) throws SchedulerException {
    return taskQuery(role, environment, name, instances, statuses, "false");
  }

  private List<ScheduledTask> taskQuery(String role, String environment, String name,
      Collection<Integer> instances, String statuses, String configs) throws SchedulerException {
    String q = query("role", role, "environment", environment, "name", name,
        "instances", instances.isEmpty() ? null : InstanceRanges.of(instances).toString(),
        "statuses", statuses, "configs", configs);
    JsonNode r = call("GET", "/api/tasks" + q, null);
    return read(r.path("tasks"), new TypeReference<List<ScheduledTask>>() {});
  }

  /** Sets a role's quota. */
  public void setQuota(String role, ResourceAggregate quota) throws SchedulerException {
    call("PUT", "/api/quotas/" + PathSegments.encode(role), quota);
  }

  /** Snapshots and compacts the scheduler's log now; returns the log index of the snapshot. */
  public long snapshot() throws SchedulerException {
    return call("POST", "/api/admin/snapshot", JSON.createObjectNode()).path("logIndex").asLong();
  }

  /** Writes a backup now; returns the backup file's path on the scheduler's machine. */
  public String backupNow() throws SchedulerException {
    return call("POST", "/api/admin/backup", JSON.createObjectNode()).path("file").asText();
  }

  /** What removing a job did: the tasks killed, and whether the job's configuration was removed. */
  public record RemovedJob(JobKey job, List<String> taskIds, boolean jobRemoved) {}

  /**
   * Removes a job whatever its key (kills its active tasks, forgets its configuration and cron schedule). The key
   * goes in the body, so keys no URL path can carry ('..') can be removed too.
   */
  public RemovedJob removeJob(JobKey key) throws SchedulerException {
    return read(call("POST", "/api/admin/jobs/remove", key), RemovedJob.class);
  }

  /** The backups in the scheduler's backup directory, oldest first. */
  public List<String> backups() throws SchedulerException {
    List<String> out = new ArrayList<>();
    call("GET", "/api/admin/backups", null).path("backups").forEach(b -> out.add(b.asText()));
    return out;
  }

  /** Kills the given instances (all, and the job's configuration, when empty). */
  public TaskIds kill(JobKey key, Collection<Integer> instances, String message)
      throws SchedulerException {
    ObjectNode body = JSON.createObjectNode();
    if (!instances.isEmpty()) {
      body.set("instances", JSON.valueToTree(new ArrayList<>(instances)));
    }
    if (message != null) {
      body.put("message", message);
    }
    return read(call("POST", "/api/jobs/" + path(key) + "/kill", body), TaskIds.class);
  }

  public TaskIds restart(JobKey key, Collection<Integer> instances) throws SchedulerException {
    ObjectNode body = JSON.createObjectNode();
    if (!instances.isEmpty()) {
      body.set("instances", JSON.valueToTree(new ArrayList<>(instances)));
    }
    return read(call("POST", "/api/jobs/" + path(key) + "/restart", body), TaskIds.class);
  }

  /** Adds {@code count} instances copying {@code fromInstance}'s configuration (null: the job's). */
  public TaskIds addInstances(JobKey key, int count, Integer fromInstance) throws SchedulerException {
    ObjectNode body = JSON.createObjectNode().put("count", count);
    if (fromInstance != null) {
      body.put("fromInstance", fromInstance);
    }
    return read(call("POST", "/api/jobs/" + path(key) + "/instances", body), TaskIds.class);
  }

  /** Schedules a cron job, or replaces the schedule and configuration of one. */
  public CronJob scheduleCron(JobConfiguration job) throws SchedulerException {
    return read(call("POST", "/api/cron", job), CronJob.class);
  }

  /** The cron job {@code key}; fails with code {@code NOT_FOUND} when there is none. */
  public CronJob cronJob(JobKey key) throws SchedulerException {
    return read(call("GET", "/api/cron/" + path(key), null), CronJob.class);
  }

  /** Removes the cron job's schedule; tasks of a run in progress go on. */
  public CronJob descheduleCron(JobKey key) throws SchedulerException {
    return read(call("DELETE", "/api/cron/" + path(key), null), CronJob.class);
  }

  /** Starts a run of the cron job now, as its collision policy allows. */
  public CronStart startCron(JobKey key) throws SchedulerException {
    return read(call("POST", "/api/cron/" + path(key) + "/start", JSON.createObjectNode()), CronStart.class);
  }

  /** Starts an update; a result without summary is a no-op (the job already is as requested). */
  public StartJobUpdateResult startUpdate(JobUpdateRequest request) throws SchedulerException {
    return read(call("POST", "/api/updates", request), StartJobUpdateResult.class);
  }

  /** Acts on the job's active update: {@code pause}, {@code resume}, {@code abort} or {@code rollback}. */
  public JobUpdateSummary updateAction(JobKey job, String action, String message) throws SchedulerException {
    ObjectNode body = JSON.createObjectNode();
    if (message != null) {
      body.put("message", message);
    }
    return read(call("POST", "/api/updates/" + path(job) + "/" + PathSegments.encode(action), body),
        JobUpdateSummary.class);
  }

  /** Updates matching every given filter (null or empty: no filter), newest first. */
  public List<JobUpdateSummary> updates(String role, String environment, String name, String user,
      Collection<JobUpdateStatus> statuses) throws SchedulerException {
    String q = query("role", role, "environment", environment, "name", name, "user", user, "statuses",
        statuses == null || statuses.isEmpty() ? null
            : String.join(",", statuses.stream().map(Enum::name).sorted().toList()));
    return read(call("GET", "/api/updates" + q, null).path("updates"),
        new TypeReference<List<JobUpdateSummary>>() {});
  }

  /** One update with its history; fails with code {@code NOT_FOUND} when the job has no such update. */
  public JobUpdateDetails update(JobUpdateKey key) throws SchedulerException {
    return read(call("GET", "/api/updates/" + path(key.job()) + "/" + PathSegments.encode(key.id()), null),
        JobUpdateDetails.class);
  }

  /** What an update of the job to {@code proposed} would add, remove, replace and leave alone. */
  public JobUpdateDiff diff(JobConfiguration proposed) throws SchedulerException {
    return read(call("POST", "/api/jobs/" + path(proposed.key()) + "/diff", proposed), JobUpdateDiff.class);
  }

  /** The role's quota; reads both the GetQuotaResult fields and the older prodConsumption/nonProdConsumption. */
  public Quota quota(String role) throws SchedulerException {
    JsonNode r = call("GET", "/api/quotas/" + PathSegments.encode(role), null);
    return new Quota(r.path("role").asText(role), aggregate(r.path("quota")),
        aggregate(r.has("prodSharedConsumption") ? r.path("prodSharedConsumption") : r.path("prodConsumption")),
        aggregate(r.has("nonProdSharedConsumption") ? r.path("nonProdSharedConsumption")
            : r.path("nonProdConsumption")),
        r.hasNonNull("prodDedicatedConsumption") ? aggregate(r.path("prodDedicatedConsumption")) : null,
        r.hasNonNull("nonProdDedicatedConsumption") ? aggregate(r.path("nonProdDedicatedConsumption")) : null, r);
  }

  /**
   * A resource aggregate written with today's names ({@code cpu}, {@code gpus}) or Aurora's ({@code numCpus},
   * {@code numGpus}); absent is none, and so are GPUs from schedulers that do not report them.
   */
  private static ResourceAggregate aggregate(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return ResourceAggregate.NONE;
    }
    return new ResourceAggregate(n.has("numCpus") ? n.path("numCpus").asDouble() : n.path("cpu").asDouble(),
        n.path("ramMb").asLong(), n.path("diskMb").asLong(),
        n.has("numGpus") ? n.path("numGpus").asInt() : n.path("gpus").asInt());
  }

  /** One JSON request; the API's refusals become {@link SchedulerException}s. For the other clients of this package. */
  JsonNode call(String method, String pathAndQuery, Object body) throws SchedulerException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .header("Accept", "application/json");
    if (!method.equals("GET") && !method.equals("HEAD")) {
      // The scheduler refuses writes of any other type, so a web page cannot forge one (docs/security.md).
      b.header("Content-Type", "application/json");
    }
    if (body == null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String text;
      try {
        text = JSON.writeValueAsString(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      b.method(method, HttpRequest.BodyPublishers.ofString(text));
    }
    HttpResponse<String> r = send(b, !method.equals("GET") && !method.equals("HEAD"));
    // Without a quorum a scheduler still answers reads, from data that may be out of date; say so once.
    r.headers().firstValue("X-Aurora-Stale").filter(reason -> warnedStale.compareAndSet(false, true))
        .ifPresent(reason -> warnings.accept("the scheduler at " + r.uri().resolve("/") + " says: " + reason));
    JsonNode node;
    try {
      node = r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new SchedulerException(SchedulerException.Kind.API, null, "the scheduler at " + base
          + " answered " + method + " " + pathAndQuery + " with " + r.statusCode()
          + " and a body that is not JSON: " + abbreviate(r.body()), e);
    }
    if (r.statusCode() >= 300) {
      String code = node.path("code").asText(null);
      String message = node.path("message").asText("HTTP " + r.statusCode());
      if (r.statusCode() == 401 || r.statusCode() == 403) {
        throw refusedCredentials(method, pathAndQuery, r.statusCode(), code, message);
      }
      SchedulerException.Kind kind = "NOT_LEADER".equals(code) || r.statusCode() == 503
          ? SchedulerException.Kind.NOT_LEADER : SchedulerException.Kind.API;
      throw new SchedulerException(kind, code, "the scheduler refused " + method + " "
          + pathAndQuery.replaceAll("\\?.*", "") + ": " + (code == null ? "" : code + ": ")
          + message, null);
    }
    return node;
  }

  /** 401: the credentials are missing or wrong; 403: the user lacks the permission. Names what was sent. */
  private SchedulerException refusedCredentials(String method, String pathAndQuery, int status, String code,
      String message) {
    String fix = status == 401 ? credentials.fix()
        : "ask the cluster's operator for the permission named above, or use a user that has it";
    return new SchedulerException(SchedulerException.Kind.AUTH, code, "the scheduler at " + base + " refused "
        + method + " " + pathAndQuery.replaceAll("\\?.*", "") + " with " + status + " "
        + (status == 401 ? "Unauthorized" : "Forbidden") + ": " + (code == null ? "" : code + ": ") + message
        + "\ncredentials tried: " + credentials.tried() + "\nto fix: " + fix, null);
  }

  /** Sends {@code request} with the credentials of a read or a {@code write}. */
  private HttpResponse<String> send(HttpRequest.Builder request, boolean write) throws SchedulerException {
    try {
      credentials.authorization(write).ifPresent(h -> request.header("Authorization", h));
    } catch (AuthException e) {
      throw new SchedulerException(SchedulerException.Kind.AUTH, null, e.getMessage(), e);
    }
    HttpRequest built = request.timeout(timeout).build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new SchedulerException(SchedulerException.Kind.TIMEOUT, null, "connecting to the"
          + " scheduler at " + base + " timed out after " + timeout.toSeconds() + "s", e);
    } catch (HttpTimeoutException e) {
      throw new SchedulerException(SchedulerException.Kind.TIMEOUT, null, "the scheduler at "
          + base + " did not answer within " + timeout.toSeconds() + "s", e);
    } catch (ConnectException e) {
      throw new SchedulerException(SchedulerException.Kind.NETWORK, null, "cannot connect to the"
          + " scheduler at " + base + " (is it running, and is clusters.json right?)", e);
    } catch (IOException e) {
      SSLException tls = tlsFailure(e);
      if (tls != null) {
        throw new SchedulerException(SchedulerException.Kind.NETWORK, null, "cannot make a TLS connection to the"
            + " scheduler at " + base + " (host " + base.getHost() + "): " + tls.getMessage() + "; "
            + security.tlsFix(base.getHost()), e);
      }
      throw new SchedulerException(SchedulerException.Kind.NETWORK, null, "talking to the"
          + " scheduler at " + base + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchedulerException(SchedulerException.Kind.NETWORK, null, "interrupted", e);
    }
  }

  private static SSLException tlsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException tls) {
        return tls;
      }
    }
    return null;
  }

  static <T> T read(JsonNode node, Class<T> type) throws SchedulerException {
    try {
      return JSON.treeToValue(node, type);
    } catch (IOException e) {
      throw new SchedulerException(SchedulerException.Kind.API, null,
          "the scheduler's answer does not match this client: " + e.getMessage(), e);
    }
  }

  static <T> T read(JsonNode node, TypeReference<T> type) throws SchedulerException {
    try {
      return JSON.readerFor(type).readValue(node);
    } catch (IOException e) {
      throw new SchedulerException(SchedulerException.Kind.API, null,
          "the scheduler's answer does not match this client: " + e.getMessage(), e);
    }
  }

  private static String path(JobKey key) {
    return PathSegments.encode(key.role()) + "/" + PathSegments.encode(key.environment()) + "/"
        + PathSegments.encode(key.name());
  }

  /** A query string: values form-encoded (a space as '+', which a query, unlike a path, reads as a space). */
  static String query(String... pairs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        sb.append(sb.length() == 0 ? '?' : '&').append(pairs[i]).append('=')
            .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
