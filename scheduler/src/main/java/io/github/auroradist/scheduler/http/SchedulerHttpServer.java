package io.github.auroradist.scheduler.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.ApiRecords;
import io.github.auroradist.scheduler.api.SchedulerServices;
import io.github.auroradist.scheduler.stats.Stats;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduler's HTTP server: health, stats, the JSON API and the web UI (see docs/api.md). */
public final class SchedulerHttpServer implements AutoCloseable {
  /** Set on every response while the data served may be out of date (no leader, or not caught up yet). */
  public static final String STALE_HEADER = "X-Aurora-Stale";
  /** A read with this header set to true is answered from this scheduler's own copy, even on a follower. */
  public static final String LOCAL_READ_HEADER = "X-Aurora-Local-Read";
  /** About this process rather than the cluster: every scheduler answers these itself. */
  private static final Set<String> PROCESS_PAGES = Set.of("/health", "/leaderhealth", "/vars", "/vars.json",
      "/metrics");
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerHttpServer.class);

  private final Server server;
  private final ServerConnector connector;
  private final SchedulerServices api;
  private final Stats stats;
  private final BooleanSupplier isLeader;
  private final BooleanSupplier leaderKnown;
  private final Supplier<Optional<String>> staleReason;
  private final Supplier<Optional<String>> leaderUrl;
  private final SchedulerUi ui;
  private final Router router = new Router();

  /**
   * @param isLeader whether this scheduler leads (answers writes)
   * @param leaderKnown whether some scheduler leads now (for /leaderhealth: 503 versus 502)
   * @param staleReason why this scheduler's data may be out of date now (sent as {@value #STALE_HEADER})
   * @param leaderUrl the leading scheduler's address while another scheduler leads: reads go there too
   */
  public SchedulerHttpServer(String ip, int port, SchedulerServices api, Stats stats, BooleanSupplier isLeader,
      BooleanSupplier leaderKnown, Supplier<Optional<String>> staleReason, Supplier<Optional<String>> leaderUrl,
      String clusterName) {
    this.api = api;
    this.stats = stats;
    this.isLeader = isLeader;
    this.leaderKnown = leaderKnown;
    this.staleReason = staleReason;
    this.leaderUrl = leaderUrl;
    this.ui = new SchedulerUi(api.queries(), clusterName, isLeader, staleReason);
    QueuedThreadPool threads = new QueuedThreadPool(50, 4);
    threads.setName("http");
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost(ip);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        dispatch(request, response, callback);
        return true;
      }
    });
    routes();
  }

  public void start() throws Exception {
    try {
      server.start();
    } catch (java.io.IOException e) {
      server.stop();
      throw new java.io.IOException("cannot listen on " + connector.getHost() + ":" + connector.getPort()
          + " (" + e.getMessage() + "); is another scheduler running? Choose another -http_port or -ip", e);
    }
    LOG.info("HTTP server listening on {}:{}", connector.getHost(), port());
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("Stopping the HTTP server failed", e);
    }
  }

  private void routes() {
    router.add("GET", "/health", x -> x.text(200, "OK\n"))
        .add("GET", "/leaderhealth", x -> {
          if (isLeader.getAsBoolean()) {
            x.text(200, "OK\n");
          } else if (leaderKnown.getAsBoolean()) {
            x.text(503, "not the leader\n");
          } else {
            x.text(502, "no leader elected\n");
          }
        })
        .add("GET", "/vars", x -> {
          StringBuilder out = new StringBuilder();
          stats.values().forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
          x.text(200, out.toString());
        })
        .add("GET", "/agents", x -> x.json(200, Map.of("agents", api.queries().agents())))
        .add("GET", "/quotas", x -> x.json(200, Map.of("quotas", api.quotas().quotas())))
        .add("GET", "/tiers", x -> x.json(200, api.queries().tiers()))
        .add("GET", "/state", x -> x.json(200, Map.of("jobs", api.queries().listJobs(null, null),
            "tasks", api.queries().getTasks(null, null, null, null, null))))
        .add("GET", "/pendingtasks", x -> x.json(200, new ApiRecords.PendingTasksResponse(api.queries().pendingTasks())))
        .add("GET", "/vars.json", x -> x.json(200, stats.values()))
        .add("GET", "/metrics", x -> x.send(200, "text/plain; version=0.0.4; charset=utf-8", prometheus()))
        // JSON API
        .add("POST", "/api/jobs", x -> x.json(201, api.jobs().createJob(readBody(x, JobConfiguration.class))))
        .add("GET", "/api/jobs", x -> x.json(200,
            new ApiRecords.JobsResponse(api.queries().listJobs(x.query("role"), x.query("environment")))))
        .add("GET", "/api/jobs/{role}/{env}/{name}", x -> {
          JobKey key = key(x);
          x.json(200, api.queries().getJob(key).orElseThrow(() -> ApiException.notFound("job " + key + " does not exist")));
        })
        .add("POST", "/api/jobs/{role}/{env}/{name}/kill", x -> {
          ApiRecords.InstancesRequest body = optionalBody(x, ApiRecords.InstancesRequest.class);
          x.json(200, api.jobs().killTasks(key(x), body == null ? null : body.instances(), body == null ? null : body.message()));
        })
        .add("POST", "/api/jobs/{role}/{env}/{name}/restart", x -> {
          ApiRecords.InstancesRequest body = optionalBody(x, ApiRecords.InstancesRequest.class);
          x.json(200, api.jobs().restartInstances(key(x), body == null ? null : body.instances()));
        })
        .add("POST", "/api/jobs/{role}/{env}/{name}/instances", x ->
            x.json(201, api.jobs().addInstances(key(x), readBody(x, ApiRecords.AddInstancesRequest.class))))
        .add("GET", "/api/tasks", x -> x.json(200, new ApiRecords.TasksResponse(api.queries().getTasks(x.query("role"),
            x.query("environment"), x.query("name"), instances(x.query("instances")), statuses(x.query("statuses"))))))
        .add("GET", "/api/tasks/{taskId}", x -> x.json(200, api.queries().getTask(x.path(0))
            .orElseThrow(() -> ApiException.notFound("task " + x.path(0) + " does not exist"))))
        .add("GET", "/api/roles", x -> x.json(200, api.queries().roleSummary()))
        .add("GET", "/api/roles/{role}/jobs", x -> x.json(200, api.queries().jobSummary(x.path(0))))
        .add("GET", "/api/cron", x -> x.json(200, new ApiRecords.CronJobsResponse(api.cron().cronJobs())))
        .add("GET", "/cron", x -> x.json(200, new ApiRecords.CronJobsResponse(api.cron().cronJobs())))
        .add("POST", "/api/cron", x -> x.json(201, api.cron().scheduleCronJob(readBody(x, JobConfiguration.class))))
        .add("GET", "/api/cron/{role}/{env}/{name}", x -> x.json(200, api.cron().getCronJob(key(x))))
        .add("DELETE", "/api/cron/{role}/{env}/{name}", x -> x.json(200, api.cron().descheduleCronJob(key(x))))
        .add("POST", "/api/cron/{role}/{env}/{name}/start", x -> x.json(200, api.cron().startCronJob(key(x))))
        .add("POST", "/api/maintenance/start", x -> x.json(200,
            api.maintenance().startMaintenance(readBody(x, ApiRecords.HostsRequest.class))))
        .add("POST", "/api/maintenance/drain", x -> x.json(200,
            api.maintenance().drainHosts(readBody(x, ApiRecords.HostsRequest.class))))
        .add("POST", "/api/maintenance/end", x -> x.json(200,
            api.maintenance().endMaintenance(readBody(x, ApiRecords.HostsRequest.class))))
        .add("GET", "/api/maintenance", x -> x.json(200, api.maintenance().maintenanceStatus(hostList(x.query("hosts")))))
        .add("GET", "/maintenance", x -> x.json(200, api.maintenance().maintenanceStatus(Set.of())))
        .add("POST", "/api/admin/snapshot", x -> x.json(200, api.admin().snapshotNow()))
        .add("POST", "/api/admin/backup", x -> x.json(200, api.admin().backupNow()))
        .add("GET", "/api/admin/backups", x -> x.json(200, api.admin().listBackups()))
        .add("POST", "/api/admin/jobs/remove", x -> x.json(200, api.jobs().removeJob(readBody(x, JobKey.class))))
        .add("GET", "/api/quotas/{role}", x -> x.json(200, api.quotas().getQuota(x.path(0))))
        .add("PUT", "/api/quotas/{role}", x -> x.json(200, api.quotas().setQuota(x.path(0),
            readBody(x, ResourceAggregate.class))))
        // Web UI
        .add("GET", "/", x -> x.redirect("/scheduler"))
        .add("GET", "/scheduler", x -> x.html(200, ui.roles()))
        .add("GET", "/scheduler/{role}", x -> x.html(200, ui.role(x.path(0), null)))
        .add("GET", "/scheduler/{role}/{env}", x -> x.html(200, ui.role(x.path(0), x.path(1))))
        .add("GET", "/scheduler/{role}/{env}/{job}", x -> x.html(200, ui.job(key(x))))
        .add("GET", "/scheduler/{role}/{env}/{job}/{instance}", x -> x.html(200,
            ui.instance(key(x), parseInstance(x.path(3)))))
        .add("GET", "/tasks/{taskId}", x -> x.html(200, ui.task(x.path(0))));
  }

  private void dispatch(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    Router.Match match = router.match(request.getMethod(), path);
    boolean api = path.startsWith("/api/");
    stats.counter("http_requests_total").incrementAndGet();
    staleReason.get().ifPresent(reason -> response.getHeaders().put(STALE_HEADER, reason));
    if (match.route() == null) {
      int status = match.methodMismatch() ? 405 : 404;
      String message = match.methodMismatch() ? request.getMethod() + " is not allowed on " + path
          : "no such page: " + path + (api ? " (see docs/api.md for the API paths)" : "");
      replyError(new HttpExchange(request, response, callback, List.of()), api,
          new ApiException(match.methodMismatch() ? ApiException.INVALID_REQUEST : ApiException.NOT_FOUND, status,
              message));
      return;
    }
    HttpExchange exchange = new HttpExchange(request, response, callback, match.params());
    Optional<String> leader = followerOfKnownLeader(request, path);
    if (leader.isPresent()) {
      // As Aurora's schedulers do, a follower sends API calls and UI pages, reads and writes, to the leader (307
      // keeps a write's method and body); clients that do not follow redirects still read the NOT_LEADER code.
      replyError(exchange, api, new ApiException(ApiException.NOT_LEADER, 307, "this scheduler is not the leader;"
          + " send requests to the leading scheduler at " + leader.get(), leader.get()));
      return;
    }
    try {
      match.route().handle(exchange);
    } catch (ApiException e) {
      replyError(exchange, api, e);
    } catch (IllegalArgumentException e) {
      replyError(exchange, api, ApiException.invalid(e.getMessage()));
    } catch (Exception e) {
      LOG.warn("Request {} {} failed", request.getMethod(), path, e);
      stats.counter("http_500_responses").incrementAndGet();
      replyError(exchange, api, new ApiException(ApiException.ERROR, 500, "internal error: " + e));
    }
  }

  /**
   * The leader to send this request to: while another scheduler leads, everything but this process's own pages
   * goes there, except reads that ask for this scheduler's copy. Without a known leader the API answers (reads
   * marked stale, writes refused).
   */
  private Optional<String> followerOfKnownLeader(Request request, String path) {
    boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    if (PROCESS_PAGES.contains(path) || isLeader.getAsBoolean()
        || (read && "true".equalsIgnoreCase(request.getHeaders().get(LOCAL_READ_HEADER)))) {
      return Optional.empty();
    }
    return leaderUrl.get();
  }

  private void replyError(HttpExchange x, boolean api, ApiException e) {
    if (e.redirectBase().isPresent()) {
      String query = x.request.getHttpURI().getQuery();
      String base = e.redirectBase().get();
      x.response.getHeaders().put(HttpHeader.LOCATION,
          (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
              + Request.getPathInContext(x.request) + (query == null ? "" : "?" + query));
    }
    if (api) {
      x.json(e.httpStatus(), new ApiRecords.ErrorResponse(e.code(), e.getMessage(), e.problems()));
    } else {
      x.html(e.httpStatus(), SchedulerUi.errorPage(e.httpStatus(), e.getMessage()));
    }
  }

  private static JobKey key(HttpExchange x) {
    return new JobKey(x.path(0), x.path(1), x.path(2));
  }

  private static int parseInstance(String text) {
    if (!text.matches("\\d{1,5}")) {
      throw ApiException.notFound("'" + text + "' is not an instance number");
    }
    return Integer.parseInt(text);
  }

  private static <T> T optionalBody(HttpExchange x, Class<T> type) throws IOException {
    String body = x.body();
    return body.isBlank() ? null : parse(body, type);
  }

  private static <T> T readBody(HttpExchange x, Class<T> type) throws IOException {
    String body = x.body();
    if (body.isBlank()) {
      throw ApiException.invalid("body: the request needs a JSON body (see docs/api.md)");
    }
    return parse(body, type);
  }

  /** Parses JSON, turning Jackson's errors into messages that name the field. */
  static <T> T parse(String body, Class<T> type) {
    try {
      return ModelJson.mapper().readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.invalid(fieldPath(e) + ": unknown field; known fields here are "
          + e.getKnownPropertyIds());
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw ApiException.invalid(fieldPath(e) + ": " + cause.getMessage());
    } catch (InvalidFormatException e) {
      throw ApiException.invalid(fieldPath(e) + ": '" + e.getValue() + "' is not a valid "
          + e.getTargetType().getSimpleName());
    } catch (JsonMappingException e) {
      throw ApiException.invalid(fieldPath(e) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.invalid("body: not valid JSON: " + e.getMessage().split("\n")[0]);
    }
  }

  /** The JSON path of the field a mapping error is about, like {@code taskConfig.resources.cpu}. */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "body" : path.toString();
  }

  private static Set<String> hostList(String text) {
    Set<String> out = new TreeSet<>();
    if (text != null) {
      for (String h : text.split(",")) {
        if (!h.isBlank()) {
          out.add(h.trim());
        }
      }
    }
    return out;
  }

  /** An instance selection from a query string ({@code 0,2-5}), or null for every instance. */
  private static InstanceRanges instances(String text) {
    if (text == null) {
      return null;
    }
    try {
      return InstanceRanges.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("instances: " + e.getMessage());
    }
  }

  private static Set<ScheduleStatus> statuses(String text) {
    if (text == null) {
      return null;
    }
    Set<ScheduleStatus> out = EnumSet.noneOf(ScheduleStatus.class);
    for (String part : text.split(",")) {
      String p = part.trim().toUpperCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("ACTIVE")) {
        out.addAll(ScheduleStatus.ACTIVE);
      } else if (p.equals("TERMINAL")) {
        out.addAll(ScheduleStatus.TERMINAL);
      } else {
        try {
          out.add(ScheduleStatus.valueOf(p));
        } catch (IllegalArgumentException e) {
          throw ApiException.invalid("statuses: '" + part.trim() + "' is not a task status; use ACTIVE, TERMINAL or"
              + " one of " + Arrays.toString(ScheduleStatus.values()));
        }
      }
    }
    return out;
  }

  private String prometheus() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Number> e : stats.values().entrySet()) {
      String name = "aurora_" + e.getKey().replaceAll("[^a-zA-Z0-9_:]", "_");
      out.append("# TYPE ").append(name).append(stats.isCounter(e.getKey()) ? " counter\n" : " gauge\n");
      out.append(name).append(' ').append(e.getValue()).append('\n');
    }
    return out.toString();
  }
}
