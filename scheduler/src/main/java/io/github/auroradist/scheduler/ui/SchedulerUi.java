package io.github.auroradist.scheduler.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.github.auroradist.common.http.PathSegments;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateInstructions;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.JobUpdateService;
import io.github.auroradist.scheduler.api.StateQueries;
import io.github.auroradist.scheduler.updates.UpdatePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The web UI's pages: gathers what each shows and renders it with its jte template (src/main/jte). */
public final class SchedulerUi {
  /** The templates, compiled at build time into this package by the jte Maven plugin. */
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
      "io.github.auroradist.scheduler.ui.jte");
  /** How many ended updates the updates page shows. */
  private static final int RECENTLY_ENDED = 20;

  private final StateQueries queries;
  private final JobUpdateService updates;
  private final String clusterName;
  private final BooleanSupplier isLeader;
  private final Supplier<Optional<String>> staleReason;

  public SchedulerUi(StateQueries queries, JobUpdateService updates, String clusterName, BooleanSupplier isLeader,
      Supplier<Optional<String>> staleReason) {
    this.queries = queries;
    this.updates = updates;
    this.clusterName = clusterName;
    this.isLeader = isLeader;
    this.staleReason = staleReason;
  }

  public String roles() {
    return render("roles.jte", new Pages.Roles(frame("Aurora: " + clusterName), clusterName,
        isLeader.getAsBoolean(), queries.roleSummary().summaries()));
  }

  /** A role's jobs, in one environment or all ({@code environment} null). */
  public String role(String role, String environment) {
    List<Pages.JobRow> rows = new ArrayList<>();
    for (JobConfiguration j : queries.listJobs(role, environment)) {
      JobKey k = j.key();
      rows.add(new Pages.JobRow(
          new Pages.Link(rolePath(k.role()) + "/" + PathSegments.encode(k.environment()), k.environment()),
          new Pages.Link(jobPath(k), k.name()), j.isCron() ? j.cronSchedule() : null, j.instanceCount(),
          StateQueries.stats(queries.tasksOf(k))));
    }
    return render("role.jte", new Pages.Role(frame("Aurora: " + role, role, environment), role, environment, rows));
  }

  public String job(JobKey key) {
    List<ScheduledTask> tasks = queries.tasksOf(key);
    JobConfiguration job = queries.getJob(key).orElse(null);
    if (job == null && tasks.isEmpty()) {
      throw ApiException.notFound("job " + key + " does not exist");
    }
    return render("job.jte", new Pages.Job(frame("Aurora: " + key.path(), key.role(), key.environment(), key.name()),
        key.path(), job == null ? null : describe(job),
        taskRows(tasks.stream().filter(t -> t.status().isActive()).toList(), true),
        taskRows(tasks.stream().filter(t -> !t.status().isActive()).toList(), true),
        updates.updatesOf(key).stream().map(SchedulerUi::updateRow).toList()));
  }

  /** One update of a job: its settings, where each instance is, and its history. */
  public String update(JobKey key, String id) {
    JobUpdateDetails d = updates.details(key, id);
    JobUpdateSummary s = d.update().summary();
    JobUpdateInstructions instructions = d.update().instructions();
    JobUpdateSettings settings = instructions.settings();
    Map<Integer, Pages.InstanceProgress> progress = new TreeMap<>();
    for (int i : UpdatePlan.forward(instructions).order()) {
      progress.put(i, new Pages.InstanceProgress(i, "waiting", ""));
    }
    List<Pages.InstanceEvent> instanceEvents = new ArrayList<>();
    for (JobInstanceUpdateEvent e : d.instanceEvents()) {
      progress.put(e.instanceId(), new Pages.InstanceProgress(e.instanceId(), e.action().toString(),
          time(e.timestampMs())));
      instanceEvents.add(new Pages.InstanceEvent(time(e.timestampMs()), e.instanceId(), e.action().toString()));
    }
    List<Pages.Setting> shown = List.of(
        new Pages.Setting("update_strategy", settings.updateStrategy() == null
            ? "batch_size " + settings.updateGroupSize() + (settings.waitForBatchCompletion()
                ? ", wait_for_batch_completion" : "")
            : settings.updateStrategy().kind() + " " + settings.updateStrategy().groupSizes()
                + (settings.updateStrategy().autopauseAfterBatch() ? ", autopause_after_batch" : "")),
        new Pages.Setting("watch_secs", String.valueOf(settings.minWaitInInstanceRunningMs() / 1000.0)),
        new Pages.Setting("max_per_shard_failures", String.valueOf(settings.maxPerInstanceFailures())),
        new Pages.Setting("max_total_failures", String.valueOf(settings.maxFailedInstances())),
        new Pages.Setting("rollback_on_failure", String.valueOf(settings.rollbackOnFailure())),
        new Pages.Setting("instances", settings.updateOnlyTheseInstances() == null ? "all"
            : settings.updateOnlyTheseInstances().toString()),
        new Pages.Setting("pulse_interval_secs", settings.blockIfNoPulsesAfterMs() == null ? "-"
            : String.valueOf(settings.blockIfNoPulsesAfterMs() / 1000.0)));
    List<Pages.UpdateEvent> events = d.updateEvents().stream().map(e -> new Pages.UpdateEvent(time(e.timestampMs()),
        e.status().toString(), orDash(e.user()), orEmpty(e.message()))).toList();
    return render("update.jte", new Pages.Update(frame("Aurora: update " + id + " of " + key.path(), key.role(),
        key.environment(), key.name()), id, new Pages.Link(jobPath(key), key.path()), updateRow(s), s.message(),
        shown, List.copyOf(progress.values()), events, instanceEvents));
  }

  /** Every job update of the cluster: those under way, then the latest ended ones (as Aurora's updates page). */
  public String updates() {
    List<JobUpdateSummary> all = updates.list(null, null, null, null, null);
    List<Pages.UpdateRow> active = all.stream().filter(s -> !s.state().status().isTerminal())
        .map(SchedulerUi::updateRow).toList();
    List<JobUpdateSummary> ended = all.stream().filter(s -> s.state().status().isTerminal()).toList();
    return render("updates.jte", new Pages.Updates(frame("Aurora: job updates"), active,
        ended.stream().limit(RECENTLY_ENDED).map(SchedulerUi::updateRow).toList(),
        Math.max(0, ended.size() - RECENTLY_ENDED)));
  }

  private static Pages.UpdateRow updateRow(JobUpdateSummary s) {
    JobKey job = s.key().job();
    return new Pages.UpdateRow(new Pages.Link(jobPath(job), job.path()),
        new Pages.Link(jobPath(job) + PathSegments.path("update", s.key().id()),
        s.key().id()), s.state().status().toString(), orDash(s.user()), time(s.state().createdTimestampMs()),
        time(s.state().lastModifiedTimestampMs()));
  }

  private static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  private static String describe(JobConfiguration job) {
    TaskConfig t = job.taskConfig();
    String kind = job.isCron() ? "Cron job (" + job.cronSchedule() + ", " + job.cronCollisionPolicy() + ")"
        : t.isService() ? "Service" : "Ad-hoc job";
    return kind + ", " + job.instanceCount() + " instance(s); each " + t.resources().cpu() + " cpu, "
        + t.resources().ramMb() + " MB RAM, " + t.resources().diskMb() + " MB disk"
        + (t.production() ? "; production" : "") + (t.tier() == null ? "" : "; tier " + t.tier());
  }

  public String instance(JobKey key, int instance) {
    List<ScheduledTask> tasks = queries.getTasks(key.role(), key.environment(), key.name(),
        InstanceRanges.of(List.of(instance)), null);
    if (tasks.isEmpty()) {
      throw ApiException.notFound("job " + key + " has no instance " + instance);
    }
    return render("instance.jte", new Pages.Instance(frame("Aurora: " + key.path() + "/" + instance, key.role(),
        key.environment(), key.name()), key.path(), instance, taskRows(tasks, false)));
  }

  public String task(String taskId) {
    ScheduledTask task = queries.getTask(taskId)
        .orElseThrow(() -> ApiException.notFound("task " + taskId + " does not exist (it may have been pruned)"));
    JobKey key = task.jobKey();
    var a = task.assignedTask();
    List<Pages.Event> events = task.taskEvents().stream().map(e -> new Pages.Event(
        Instant.ofEpochMilli(e.timestamp()).toString(), e.status().toString(), orEmpty(e.message()),
        orEmpty(e.scheduler()))).toList();
    return render("task.jte", new Pages.Task(frame("Aurora: task " + taskId, key.role(), key.environment(),
        key.name()), taskId, new Pages.Link(jobPath(key), key.path()),
        new Pages.Link(jobPath(key) + "/" + a.instanceId(), String.valueOf(a.instanceId())), task.status().toString(),
        task.status() == ScheduleStatus.PENDING
            ? queries.pendingReason(taskId).orElse("not yet matched against an offer") : null,
        orDash(a.agentHost()), orDash(a.agentId()), a.assignedPorts().toString(), task.failureCount(),
        task.ancestorId() == null ? null : taskLink(task.ancestorId()), events, prettyJson(a.task())));
  }

  /** The page for a failed request. */
  public static String errorPage(int status, String message) {
    return render("error.jte", new Pages.ErrorPage(new Pages.Frame("Error " + status,
        List.of(new Pages.Link("/scheduler", "scheduler")), null), status, message));
  }

  private List<Pages.TaskRow> taskRows(List<ScheduledTask> tasks, boolean instanceLinks) {
    return tasks.stream().sorted(Comparator
            .comparingInt((ScheduledTask t) -> t.assignedTask().instanceId())
            .thenComparing(Comparator.comparingLong(ScheduledTask::latestEventTime).reversed()))
        .map(t -> {
          var a = t.assignedTask();
          TaskEvent last = t.taskEvents().isEmpty() ? null : t.taskEvents().get(t.taskEvents().size() - 1);
          return new Pages.TaskRow(a.instanceId(), instanceLinks ? jobPath(t.jobKey()) + "/" + a.instanceId() : null,
              t.status().toString(), orDash(a.agentHost()),
              last == null ? "" : Instant.ofEpochMilli(last.timestamp()).toString(),
              last == null ? "" : orEmpty(last.message()), taskLink(t.taskId()));
        })
        .toList();
  }

  /** A page's frame: the trail from the cluster down through the given parts (up to the first null). */
  private Pages.Frame frame(String title, String... parts) {
    List<Pages.Link> nav = new ArrayList<>();
    nav.add(new Pages.Link("/scheduler", clusterName));
    String path = "/scheduler";
    for (String p : parts) {
      if (p == null) {
        break;
      }
      path += "/" + PathSegments.encode(p);
      nav.add(new Pages.Link(path, p));
    }
    return new Pages.Frame(title, nav, staleReason.get().orElse(null));
  }

  private static String render(String template, Object page) {
    StringOutput out = new StringOutput();
    TEMPLATES.render(template, page, out);
    return out.toString();
  }

  private static Pages.Link taskLink(String taskId) {
    return new Pages.Link(PathSegments.path("tasks", taskId), taskId);
  }

  private static String rolePath(String role) {
    return PathSegments.path("scheduler", role);
  }

  private static String jobPath(JobKey k) {
    return rolePath(k.role()) + PathSegments.path(k.environment(), k.name());
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String prettyJson(Object value) {
    try {
      return ModelJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (Exception e) {
      return String.valueOf(value);
    }
  }
}
