package io.github.auroradist.scheduler.http;

import static io.github.auroradist.scheduler.http.JsonBodies.optional;
import static io.github.auroradist.scheduler.http.JsonBodies.reply;
import static io.github.auroradist.scheduler.http.JsonBodies.required;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.update.JobUpdateRequest;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.StartJobUpdateResult;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.ApiRecords;
import io.github.auroradist.scheduler.api.SchedulerServices;
import io.github.auroradist.scheduler.api.TaskQuery;
import io.github.auroradist.scheduler.api.Caller;
import io.github.auroradist.scheduler.security.Permissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON API's routes (docs/api.md): each maps a request onto one service call. Each write first lets its caller
 * on with the permission Aurora checks for the same action (the table in docs/security.md).
 */
final class ApiRoutes {
  private final SchedulerServices api;
  private final Callers callers;

  ApiRoutes(SchedulerServices api, Callers callers) {
    this.api = api;
    this.callers = callers;
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
        .post("/api/jobs", x -> {
          JobConfiguration job = required(x, JobConfiguration.class);
          callers.permit(x, Permissions.job("createJob", job.key()));
          reply(x, 201, api.jobs().createJob(job));
        })
        .get("/api/jobs", x -> reply(x, 200,
            new ApiRecords.JobsResponse(api.queries().listJobs(x.query("role"), x.query("environment")))))
        .get("/api/jobs/{role}/{env}/{name}", x -> {
          JobKey key = key(x);
          reply(x, 200, api.queries().getJob(key).orElseThrow(() -> ApiException.notFound("job " + key
              + " does not exist")));
        })
        .post("/api/jobs/{role}/{env}/{name}/kill", x -> {
          Caller caller = onJob(x, "killTasks");
          ApiRecords.InstancesRequest body = optional(x, ApiRecords.InstancesRequest.class);
          reply(x, 200, api.jobs().killTasks(key(x), body == null ? null : body.instances(),
              body == null ? null : body.message(), caller));
        })
        .post("/api/jobs/{role}/{env}/{name}/restart", x -> {
          Caller caller = onJob(x, "restartShards");
          ApiRecords.InstancesRequest body = optional(x, ApiRecords.InstancesRequest.class);
          reply(x, 200, api.jobs().restartInstances(key(x), body == null ? null : body.instances(), caller));
        })
        .post("/api/jobs/{role}/{env}/{name}/instances", x -> {
          onJob(x, "addInstances");
          reply(x, 201, api.jobs().addInstances(key(x), required(x, ApiRecords.AddInstancesRequest.class)));
        })
        .get("/api/tasks", x -> {
          boolean configs = TasksWithoutConfigs.wanted(x.query(TasksWithoutConfigs.PARAMETER));
          List<ScheduledTask> tasks = api.queries().getTasks(x.query("role"), x.query("environment"),
              x.query("name"), instances(x.query("instances")), statuses(x.query("statuses")));
          if (configs) {
            reply(x, 200, new ApiRecords.TasksResponse(tasks));
          } else {
            TasksWithoutConfigs.reply(x, tasks);
          }
        })
        .get("/api/tasks/{taskId}", x -> reply(x, 200, api.queries().getTask(x.param("taskId"))
            .orElseThrow(() -> ApiException.notFound("task " + x.param("taskId") + " does not exist"))))
        .get("/api/roles", x -> reply(x, 200, api.queries().roleSummary()))
        .get("/api/roles/{role}/jobs", x -> reply(x, 200, api.queries().jobSummary(x.param("role"))))
        // A read that needs a body (Aurora's getJobUpdateDiff): any authenticated user.
        .post("/api/jobs/{role}/{env}/{name}/diff", x -> {
          callers.authenticated(x);
          reply(x, 200, api.updates().diff(key(x), required(x, JobConfiguration.class)));
        })
        // Job updates.
        .post("/api/updates", x -> {
          JobUpdateRequest request = required(x, JobUpdateRequest.class);
          Caller caller = callers.permit(x, Permissions.job("startJobUpdate", request.job() == null ? null
              : request.job().key()));
          StartJobUpdateResult started = api.updates().startUpdate(request, caller);
          reply(x, started.summary() == null ? 200 : 201, started);
        })
        .get("/api/updates", x -> reply(x, 200, Map.of("updates", api.updates().list(x.query("role"),
            x.query("environment"), x.query("name"), x.query("user"), updateStatuses(x.query("statuses"))))))
        .get("/api/updates/{role}/{env}/{name}", x -> reply(x, 200,
            Map.of("updates", api.updates().updatesOf(key(x)))))
        .get("/api/updates/{role}/{env}/{name}/{id}", x -> reply(x, 200,
            api.updates().details(key(x), x.param("id"))))
        .post("/api/updates/{role}/{env}/{name}/pause", x -> reply(x, 200,
            api.updates().pause(key(x), message(x), onJob(x, "pauseJobUpdate"))))
        .post("/api/updates/{role}/{env}/{name}/resume", x -> reply(x, 200,
            api.updates().resume(key(x), message(x), onJob(x, "resumeJobUpdate"))))
        .post("/api/updates/{role}/{env}/{name}/abort", x -> reply(x, 200,
            api.updates().abort(key(x), message(x), onJob(x, "abortJobUpdate"))))
        .post("/api/updates/{role}/{env}/{name}/rollback", x -> reply(x, 200,
            api.updates().rollback(key(x), message(x), onJob(x, "rollbackJobUpdate"))))
        .post("/api/updates/{role}/{env}/{name}/{id}/pulse", x -> reply(x, 200,
            api.updates().pulse(key(x), x.param("id"), onJob(x, "pulseJobUpdate"))))
        // Cron jobs.
        .get("/api/cron", x -> reply(x, 200, new ApiRecords.CronJobsResponse(api.cron().cronJobs())))
        .post("/api/cron", x -> {
          JobConfiguration job = required(x, JobConfiguration.class);
          reply(x, 201, api.cron().scheduleCronJob(job, callers.permit(x, Permissions.job("scheduleCronJob",
              job.key()))));
        })
        .get("/api/cron/{role}/{env}/{name}", x -> reply(x, 200, api.cron().getCronJob(key(x))))
        .delete("/api/cron/{role}/{env}/{name}", x -> reply(x, 200, api.cron().descheduleCronJob(key(x),
            onJob(x, "descheduleCronJob"))))
        .post("/api/cron/{role}/{env}/{name}/start", x -> reply(x, 200, api.cron().startCronJob(key(x),
            onJob(x, "startCronJob"))))
        // Host maintenance.
        .post("/api/maintenance/start", x -> reply(x, 200, api.maintenance().startMaintenance(
            admin(x, "startMaintenance", ApiRecords.HostsRequest.class))))
        .post("/api/maintenance/drain", x -> reply(x, 200, api.maintenance().drainHosts(
            admin(x, "drainHosts", ApiRecords.HostsRequest.class))))
        .post("/api/maintenance/sla_drain", x -> reply(x, 200, api.maintenance().slaDrainHosts(
            admin(x, "slaDrainHosts", ApiRecords.SlaDrainRequest.class))))
        .post("/api/maintenance/end", x -> reply(x, 200, api.maintenance().endMaintenance(
            admin(x, "endMaintenance", ApiRecords.HostsRequest.class))))
        .get("/api/maintenance", x -> reply(x, 200, api.maintenance().maintenanceStatus(hostList(x.query("hosts")))))
        // Operators.
        .post("/api/admin/snapshot", x -> {
          admin(x, "snapshot");
          reply(x, 200, api.admin().snapshotNow());
        })
        .post("/api/admin/backup", x -> {
          admin(x, "performBackup");
          reply(x, 200, api.admin().backupNow());
        })
        .get("/api/admin/backups", x -> reply(x, 200, api.admin().listBackups()))
        .post("/api/admin/reconcile", x -> {
          ApiRecords.ReconcileRequest body = required(x, ApiRecords.ReconcileRequest.class);
          admin(x, "IMPLICIT".equalsIgnoreCase(body.type() == null ? "" : body.type().trim())
              ? "triggerImplicitTaskReconciliation" : "triggerExplicitTaskReconciliation");
          reply(x, 200, api.admin().reconcile(body));
        })
        .post("/api/admin/tasks/prune", x -> {
          admin(x, "pruneTasks");
          ApiRecords.PruneTasksRequest body = optional(x, ApiRecords.PruneTasksRequest.class);
          reply(x, 200, api.admin().pruneTasks(body == null
              ? new ApiRecords.PruneTasksRequest(null, null, null, null, null) : body));
        })
        // Online recovery from a backup.
        .post("/api/admin/recovery/stage", x -> reply(x, 200,
            api.recovery().stage(admin(x, "stageRecovery", ApiRecords.StageRecoveryRequest.class).backup())))
        .get("/api/admin/recovery/tasks", x -> reply(x, 200, new ApiRecords.TasksResponse(
            api.recovery().tasks(taskQuery(x)))))
        // A body is required: an empty request must not empty the staged copy ({} selects every task, on purpose).
        .post("/api/admin/recovery/tasks/delete", x -> reply(x, 200,
            Map.of("deleted", api.recovery().deleteTasks(admin(x, "deleteRecoveryTasks", TaskQuery.class)))))
        .post("/api/admin/recovery/commit", x -> {
          admin(x, "commitRecovery");
          reply(x, 200, api.recovery().commit());
        })
        .post("/api/admin/recovery/unload", x -> {
          admin(x, "unloadRecovery");
          reply(x, 200, api.recovery().unload());
        })
        // Aurora has no such call; operators with thrift.AuroraAdmin:* (or *) may.
        .post("/api/admin/jobs/remove", x -> {
          JobKey key = required(x, JobKey.class);
          reply(x, 200, api.jobs().removeJob(key, admin(x, "removeJob")));
        })
        .get("/api/quotas/{role}", x -> reply(x, 200, api.quotas().getQuota(x.param("role"))))
        .put("/api/quotas/{role}", x -> {
          ResourceAggregate quota = required(x, ResourceAggregate.class);
          reply(x, 200, api.quotas().setQuota(x.param("role"), quota, admin(x, "setQuota")));
        });
  }

  /** The caller of a write on the job in the path, allowed Aurora's scheduler-manager {@code method} on it. */
  private Caller onJob(Exchange x, String method) {
    return callers.permit(x, Permissions.job(method, key(x)));
  }

  /** The caller of an operator's write, allowed Aurora's admin {@code method}. */
  private Caller admin(Exchange x, String method) {
    return callers.permit(x, Permissions.admin(method));
  }

  /** The body of an operator's write, read once its caller is allowed Aurora's admin {@code method}. */
  private <T> T admin(Exchange x, String method, Class<T> bodyType) throws java.io.IOException {
    admin(x, method);
    return required(x, bodyType);
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
