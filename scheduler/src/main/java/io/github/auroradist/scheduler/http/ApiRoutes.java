package io.github.auroradist.scheduler.http;

import static io.github.auroradist.scheduler.http.JsonBodies.optional;
import static io.github.auroradist.scheduler.http.JsonBodies.reply;
import static io.github.auroradist.scheduler.http.JsonBodies.required;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.update.JobUpdateRequest;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.StartJobUpdateResult;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.ApiRecords;
import io.github.auroradist.scheduler.api.SchedulerServices;
import io.github.auroradist.scheduler.api.TaskQuery;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The JSON API's routes (docs/api.md): each maps a request onto one service call. */
final class ApiRoutes {
  private final SchedulerServices api;

  ApiRoutes(SchedulerServices api) {
    this.api = api;
  }

  void addTo(RouteTable routes) {
    routes
        // Cluster state, outside /api as in Aurora.
        .get("/agents", x -> reply(x, 200, Map.of("agents", api.queries().agents())))
        .get("/quotas", x -> reply(x, 200, Map.of("quotas", api.quotas().quotas())))
        .get("/tiers", x -> reply(x, 200, api.queries().tiers()))
        .get("/state", x -> reply(x, 200, Map.of("jobs", api.queries().listJobs(null, null),
            "tasks", api.queries().getTasks(null, null, null, null, null))))
        .get("/pendingtasks", x -> reply(x, 200, new ApiRecords.PendingTasksResponse(api.queries().pendingTasks())))
        .get("/cron", x -> reply(x, 200, new ApiRecords.CronJobsResponse(api.cron().cronJobs())))
        .get("/maintenance", x -> reply(x, 200, api.maintenance().maintenanceStatus(Set.of())))
        // Jobs and tasks.
        .post("/api/jobs", x -> reply(x, 201, api.jobs().createJob(required(x, JobConfiguration.class))))
        .get("/api/jobs", x -> reply(x, 200,
            new ApiRecords.JobsResponse(api.queries().listJobs(x.query("role"), x.query("environment")))))
        .get("/api/jobs/{role}/{env}/{name}", x -> {
          JobKey key = key(x);
          reply(x, 200, api.queries().getJob(key).orElseThrow(() -> ApiException.notFound("job " + key
              + " does not exist")));
        })
        .post("/api/jobs/{role}/{env}/{name}/kill", x -> {
          ApiRecords.InstancesRequest body = optional(x, ApiRecords.InstancesRequest.class);
          reply(x, 200, api.jobs().killTasks(key(x), body == null ? null : body.instances(),
              body == null ? null : body.message()));
        })
        .post("/api/jobs/{role}/{env}/{name}/restart", x -> {
          ApiRecords.InstancesRequest body = optional(x, ApiRecords.InstancesRequest.class);
          reply(x, 200, api.jobs().restartInstances(key(x), body == null ? null : body.instances()));
        })
        .post("/api/jobs/{role}/{env}/{name}/instances", x ->
            reply(x, 201, api.jobs().addInstances(key(x), required(x, ApiRecords.AddInstancesRequest.class))))
        .get("/api/tasks", x -> reply(x, 200, new ApiRecords.TasksResponse(api.queries().getTasks(x.query("role"),
            x.query("environment"), x.query("name"), instances(x.query("instances")),
            statuses(x.query("statuses"))))))
        .get("/api/tasks/{taskId}", x -> reply(x, 200, api.queries().getTask(x.param("taskId"))
            .orElseThrow(() -> ApiException.notFound("task " + x.param("taskId") + " does not exist"))))
        .get("/api/roles", x -> reply(x, 200, api.queries().roleSummary()))
        .get("/api/roles/{role}/jobs", x -> reply(x, 200, api.queries().jobSummary(x.param("role"))))
        .post("/api/jobs/{role}/{env}/{name}/diff", x -> reply(x, 200,
            api.updates().diff(key(x), required(x, JobConfiguration.class))))
        // Job updates.
        .post("/api/updates", x -> {
          StartJobUpdateResult started = api.updates().startUpdate(required(x, JobUpdateRequest.class));
          reply(x, started.summary() == null ? 200 : 201, started);
        })
        .get("/api/updates", x -> reply(x, 200, Map.of("updates", api.updates().list(x.query("role"),
            x.query("environment"), x.query("name"), x.query("user"), updateStatuses(x.query("statuses"))))))
        .get("/api/updates/{role}/{env}/{name}", x -> reply(x, 200,
            Map.of("updates", api.updates().updatesOf(key(x)))))
        .get("/api/updates/{role}/{env}/{name}/{id}", x -> reply(x, 200,
            api.updates().details(key(x), x.param("id"))))
        .post("/api/updates/{role}/{env}/{name}/pause", x -> reply(x, 200,
            api.updates().pause(key(x), message(x))))
        .post("/api/updates/{role}/{env}/{name}/resume", x -> reply(x, 200,
            api.updates().resume(key(x), message(x))))
        .post("/api/updates/{role}/{env}/{name}/abort", x -> reply(x, 200,
            api.updates().abort(key(x), message(x))))
        .post("/api/updates/{role}/{env}/{name}/rollback", x -> reply(x, 200,
            api.updates().rollback(key(x), message(x))))
        .post("/api/updates/{role}/{env}/{name}/{id}/pulse", x -> reply(x, 200,
            api.updates().pulse(key(x), x.param("id"))))
        // Cron jobs.
        .get("/api/cron", x -> reply(x, 200, new ApiRecords.CronJobsResponse(api.cron().cronJobs())))
        .post("/api/cron", x -> reply(x, 201, api.cron().scheduleCronJob(required(x, JobConfiguration.class))))
        .get("/api/cron/{role}/{env}/{name}", x -> reply(x, 200, api.cron().getCronJob(key(x))))
        .delete("/api/cron/{role}/{env}/{name}", x -> reply(x, 200, api.cron().descheduleCronJob(key(x))))
        .post("/api/cron/{role}/{env}/{name}/start", x -> reply(x, 200, api.cron().startCronJob(key(x))))
        // Host maintenance.
        .post("/api/maintenance/start", x -> reply(x, 200,
            api.maintenance().startMaintenance(required(x, ApiRecords.HostsRequest.class))))
        .post("/api/maintenance/drain", x -> reply(x, 200,
            api.maintenance().drainHosts(required(x, ApiRecords.HostsRequest.class))))
        .post("/api/maintenance/sla_drain", x -> reply(x, 200,
            api.maintenance().slaDrainHosts(required(x, ApiRecords.SlaDrainRequest.class))))
        .post("/api/maintenance/end", x -> reply(x, 200,
            api.maintenance().endMaintenance(required(x, ApiRecords.HostsRequest.class))))
        .get("/api/maintenance", x -> reply(x, 200, api.maintenance().maintenanceStatus(hostList(x.query("hosts")))))
        // Operators.
        .post("/api/admin/snapshot", x -> reply(x, 200, api.admin().snapshotNow()))
        .post("/api/admin/backup", x -> reply(x, 200, api.admin().backupNow()))
        .get("/api/admin/backups", x -> reply(x, 200, api.admin().listBackups()))
        .post("/api/admin/reconcile", x -> reply(x, 200,
            api.admin().reconcile(required(x, ApiRecords.ReconcileRequest.class))))
        .post("/api/admin/tasks/prune", x -> {
          ApiRecords.PruneTasksRequest body = optional(x, ApiRecords.PruneTasksRequest.class);
          reply(x, 200, api.admin().pruneTasks(body == null
              ? new ApiRecords.PruneTasksRequest(null, null, null, null, null) : body));
        })
        // Online recovery from a backup.
        .post("/api/admin/recovery/stage", x -> reply(x, 200,
            api.recovery().stage(required(x, ApiRecords.StageRecoveryRequest.class).backup())))
        .get("/api/admin/recovery/tasks", x -> reply(x, 200, new ApiRecords.TasksResponse(
            api.recovery().tasks(taskQuery(x)))))
        // A body is required: an empty request must not empty the staged copy ({} selects every task, on purpose).
        .post("/api/admin/recovery/tasks/delete", x -> reply(x, 200,
            Map.of("deleted", api.recovery().deleteTasks(required(x, TaskQuery.class)))))
        .post("/api/admin/recovery/commit", x -> reply(x, 200, api.recovery().commit()))
        .post("/api/admin/recovery/unload", x -> reply(x, 200, api.recovery().unload()))
        .post("/api/admin/jobs/remove", x -> reply(x, 200, api.jobs().removeJob(required(x, JobKey.class))))
        .get("/api/quotas/{role}", x -> reply(x, 200, api.quotas().getQuota(x.param("role"))))
        .put("/api/quotas/{role}", x -> reply(x, 200, api.quotas().setQuota(x.param("role"),
            required(x, ResourceAggregate.class))));
  }

  /** The job key of a route with {role}, {env} and {name}. */
  static JobKey key(Exchange x) {
    return new JobKey(x.param("role"), x.param("env"), x.param("name"));
  }

  /** A task selection from the query string: role, environment, name, instances, statuses, taskIds. */
  private static TaskQuery taskQuery(Exchange x) {
    String ids = x.query("taskIds");
    return new TaskQuery(x.query("role"), x.query("environment"), x.query("name"), instances(x.query("instances")),
        statuses(x.query("statuses")), ids == null ? null : java.util.List.copyOf(hostList(ids)));
  }

  /** The optional {@code {"message": "..."}} body of an update action. */
  private static String message(Exchange x) throws java.io.IOException {
    ApiRecords.MessageRequest body = optional(x, ApiRecords.MessageRequest.class);
    return body == null ? null : body.message();
  }

  private static Set<String> hostList(String text) {
    Set<String> out = new TreeSet<>();
    if (text != null) {
      for (String h : text.split(",", -1)) {
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
    return statuses(text, ScheduleStatus.class, ScheduleStatus.ACTIVE, ScheduleStatus.TERMINAL, "task status");
  }

  private static Set<JobUpdateStatus> updateStatuses(String text) {
    return statuses(text, JobUpdateStatus.class, JobUpdateStatus.ACTIVE, JobUpdateStatus.TERMINAL, "update status");
  }

  /** Statuses from a query string ({@code S1,S2}, also ACTIVE and TERMINAL), or null when it names none. */
  private static <E extends Enum<E>> Set<E> statuses(String text, Class<E> type, Set<E> active, Set<E> terminal,
      String what) {
    if (text == null) {
      return null;
    }
    Set<E> out = EnumSet.noneOf(type);
    for (String part : text.split(",", -1)) {
      String p = part.trim().toUpperCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("ACTIVE")) {
        out.addAll(active);
      } else if (p.equals("TERMINAL")) {
        out.addAll(terminal);
      } else {
        try {
          out.add(Enum.valueOf(type, p));
        } catch (IllegalArgumentException e) {
          throw ApiException.invalid("statuses: '" + part.trim() + "' is not a " + what + "; use ACTIVE, TERMINAL or"
              + " one of " + Arrays.toString(type.getEnumConstants()));
        }
      }
    }
    return out;
  }
}
