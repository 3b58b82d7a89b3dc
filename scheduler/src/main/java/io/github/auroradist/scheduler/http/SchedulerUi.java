package io.github.auroradist.scheduler.http;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.ApiRecords;
import io.github.auroradist.scheduler.api.StateQueries;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Server-rendered pages of the web UI; plain HTML, readable without JavaScript. */
final class SchedulerUi {
  private static final String STYLE = "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
      + "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#eee}"
      + ".RUNNING{color:#080}.FAILED,.LOST{color:#b00}.KILLED,.FINISHED{color:#666}"
      + ".PENDING,.THROTTLED,.ASSIGNED,.STARTING{color:#a60}nav{margin-bottom:1em}"
      + ".stale{background:#fec;border:1px solid #a60;padding:.5em}";

  private final StateQueries api;
  private final String clusterName;
  private final BooleanSupplier isLeader;
  private final Supplier<Optional<String>> staleReason;

  SchedulerUi(StateQueries api, String clusterName, BooleanSupplier isLeader, Supplier<Optional<String>> staleReason) {
    this.api = api;
    this.clusterName = clusterName;
    this.isLeader = isLeader;
    this.staleReason = staleReason;
  }

  String roles() {
    StringBuilder b = new StringBuilder();
    List<ApiRecords.RoleSummary> roles = api.roleSummary().summaries();
    b.append("<h1>Cluster ").append(esc(clusterName)).append("</h1>");
    b.append("<p>This scheduler ").append(isLeader.getAsBoolean() ? "leads the cluster."
        : "follows the leader; what it shows may lag a moment behind.")
        .append(" <a href=\"/vars\">vars</a> <a href=\"/pendingtasks\">pending tasks</a>"
            + " <a href=\"/agents\">agents</a> <a href=\"/quotas\">quotas</a></p>");
    if (roles.isEmpty()) {
      b.append("<p>No jobs yet.</p>");
    } else {
      b.append("<table><tr><th>Role</th><th>Jobs</th><th>Cron jobs</th></tr>");
      for (ApiRecords.RoleSummary r : roles) {
        b.append("<tr><td>").append(link("/scheduler/" + url(r.role()), r.role())).append("</td><td>")
            .append(r.jobCount()).append("</td><td>").append(r.cronJobCount()).append("</td></tr>");
      }
      b.append("</table>");
    }
    return page("Aurora: " + clusterName, nav(), b.toString());
  }

  String role(String role, String environment) {
    List<JobConfiguration> jobs = api.listJobs(role, environment);
    StringBuilder b = new StringBuilder();
    b.append("<h1>Jobs of ").append(esc(role)).append(environment == null ? "" : " in " + esc(environment))
        .append("</h1>");
    if (jobs.isEmpty()) {
      b.append("<p>No jobs.</p>");
    } else {
      b.append("<table><tr><th>Environment</th><th>Job</th><th>Cron schedule</th><th>Instances</th><th>Active</th>"
          + "<th>Pending</th><th>Finished</th><th>Failed</th></tr>");
      for (JobConfiguration j : jobs) {
        JobKey k = j.key();
        ApiRecords.JobStats s = StateQueries.stats(api.getTasks(k.role(), k.environment(), k.name(), null, null));
        b.append("<tr><td>").append(link("/scheduler/" + url(k.role()) + "/" + url(k.environment()), k.environment()))
            .append("</td><td>").append(link(jobPath(k), k.name())).append("</td><td>")
            .append(j.isCron() ? esc(j.cronSchedule()) : "-").append("</td><td>").append(j.instanceCount())
            .append("</td><td>").append(s.activeTaskCount()).append("</td><td>").append(s.pendingTaskCount())
            .append("</td><td>").append(s.finishedTaskCount()).append("</td><td>").append(s.failedTaskCount())
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    return page("Aurora: " + role, nav(role, environment), b.toString());
  }

  String job(JobKey key) {
    List<ScheduledTask> tasks = api.getTasks(key.role(), key.environment(), key.name(), null, null);
    JobConfiguration job = api.getJob(key).orElse(null);
    if (job == null && tasks.isEmpty()) {
      throw ApiException.notFound("job " + key + " does not exist");
    }
    StringBuilder b = new StringBuilder();
    b.append("<h1>Job ").append(esc(key.path())).append("</h1>");
    if (job != null) {
      var t = job.taskConfig();
      b.append("<p>").append(job.isCron() ? "Cron job (" + esc(job.cronSchedule()) + ", "
              + job.cronCollisionPolicy() + ")" : t.isService() ? "Service" : "Ad-hoc job")
          .append(", ").append(job.instanceCount())
          .append(" instance(s); each ").append(t.resources().cpu()).append(" cpu, ").append(t.resources().ramMb())
          .append(" MB RAM, ").append(t.resources().diskMb()).append(" MB disk")
          .append(t.production() ? "; production" : "").append(t.tier() == null ? "" : "; tier " + esc(t.tier()))
          .append("</p>");
    }
    b.append("<h2>Active tasks</h2>");
    b.append(taskTable(tasks.stream().filter(t -> t.status().isActive()).toList(), true));
    b.append("<h2>Completed tasks</h2>");
    b.append(taskTable(tasks.stream().filter(t -> !t.status().isActive()).toList(), true));
    return page("Aurora: " + key.path(), nav(key.role(), key.environment(), key.name()), b.toString());
  }

  String instance(JobKey key, int instance) {
    List<ScheduledTask> tasks = api.getTasks(key.role(), key.environment(), key.name(), InstanceRanges.of(List.of(instance)),
        null);
    if (tasks.isEmpty()) {
      throw ApiException.notFound("job " + key + " has no instance " + instance);
    }
    String body = "<h1>Instance " + instance + " of " + esc(key.path()) + "</h1>" + taskTable(tasks, false);
    return page("Aurora: " + key.path() + "/" + instance, nav(key.role(), key.environment(), key.name()), body);
  }

  String task(String taskId) {
    ScheduledTask task = api.getTask(taskId)
        .orElseThrow(() -> ApiException.notFound("task " + taskId + " does not exist (it may have been pruned)"));
    JobKey key = task.jobKey();
    var a = task.assignedTask();
    StringBuilder b = new StringBuilder();
    b.append("<h1>Task ").append(esc(taskId)).append("</h1><table>");
    row(b, "Job", link(jobPath(key), key.path()));
    row(b, "Instance", link(jobPath(key) + "/" + a.instanceId(), String.valueOf(a.instanceId())));
    row(b, "Status", "<span class=\"" + task.status() + "\">" + task.status() + "</span>");
    if (task.status() == ScheduleStatus.PENDING) {
      row(b, "Waiting because", esc(api.pendingReason(taskId).orElse("not yet matched against an offer")));
    }
    row(b, "Host", esc(a.agentHost() == null ? "-" : a.agentHost()));
    row(b, "Agent", esc(a.agentId() == null ? "-" : a.agentId()));
    row(b, "Ports", esc(a.assignedPorts().toString()));
    row(b, "Failures", String.valueOf(task.failureCount()));
    row(b, "Previous task", task.ancestorId() == null ? "-" : link("/tasks/" + url(task.ancestorId()), task.ancestorId()));
    b.append("</table><h2>Events</h2><table><tr><th>Time (UTC)</th><th>Status</th><th>Message</th><th>Scheduler</th></tr>");
    for (TaskEvent e : task.taskEvents()) {
      b.append("<tr><td>").append(Instant.ofEpochMilli(e.timestamp())).append("</td><td class=\"").append(e.status())
          .append("\">").append(e.status()).append("</td><td>").append(esc(e.message() == null ? "" : e.message()))
          .append("</td><td>").append(esc(e.scheduler() == null ? "" : e.scheduler())).append("</td></tr>");
    }
    b.append("</table><h2>Configuration</h2><pre>")
        .append(esc(prettyJson(a.task()))).append("</pre>");
    return page("Aurora: task " + taskId, nav(key.role(), key.environment(), key.name()), b.toString());
  }

  private String taskTable(List<ScheduledTask> tasks, boolean instanceLinks) {
    if (tasks.isEmpty()) {
      return "<p>None.</p>";
    }
    StringBuilder b = new StringBuilder("<table><tr><th>Instance</th><th>Status</th><th>Host</th><th>Last event</th>"
        + "<th>Message</th><th>Task</th></tr>");
    List<ScheduledTask> sorted = tasks.stream().sorted(Comparator
        .comparingInt((ScheduledTask t) -> t.assignedTask().instanceId())
        .thenComparing(Comparator.comparingLong(ScheduledTask::latestEventTime).reversed())).toList();
    for (ScheduledTask t : sorted) {
      var a = t.assignedTask();
      TaskEvent last = t.taskEvents().isEmpty() ? null : t.taskEvents().get(t.taskEvents().size() - 1);
      String inst = String.valueOf(a.instanceId());
      b.append("<tr><td>").append(instanceLinks ? link(jobPath(t.jobKey()) + "/" + inst, inst) : inst)
          .append("</td><td class=\"").append(t.status()).append("\">").append(t.status()).append("</td><td>")
          .append(esc(a.agentHost() == null ? "-" : a.agentHost())).append("</td><td>")
          .append(last == null ? "" : Instant.ofEpochMilli(last.timestamp()).toString()).append("</td><td>")
          .append(esc(last == null || last.message() == null ? "" : last.message())).append("</td><td>")
          .append(link("/tasks/" + url(t.taskId()), t.taskId())).append("</td></tr>");
    }
    return b.append("</table>").toString();
  }

  private static String prettyJson(Object value) {
    try {
      return ModelJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (Exception e) {
      return String.valueOf(value);
    }
  }

  private static void row(StringBuilder b, String name, String html) {
    b.append("<tr><th>").append(esc(name)).append("</th><td>").append(html).append("</td></tr>");
  }

  private String nav(String... parts) {
    StringBuilder b = new StringBuilder("<nav>").append(link("/scheduler", clusterName));
    String path = "/scheduler";
    for (String p : parts) {
      if (p == null) {
        break;
      }
      path += "/" + url(p);
      b.append(" / ").append(link(path, p));
    }
    return b.append("</nav>").toString();
  }

  private static String jobPath(JobKey k) {
    return "/scheduler/" + url(k.role()) + "/" + url(k.environment()) + "/" + url(k.name());
  }

  static String errorPage(int status, String message) {
    return document("Error " + status, "<nav><a href=\"/scheduler\">scheduler</a></nav>",
        "<h1>" + status + "</h1><p>" + esc(message) + "</p>");
  }

  /** A page of this scheduler's data, with a warning on top while that data may be stale. */
  private String page(String title, String nav, String body) {
    String warning = staleReason.get().map(r -> "<p class=\"stale\"><strong>Warning:</strong> " + esc(r) + "</p>")
        .orElse("");
    return document(title, nav + warning, body);
  }

  private static String document(String title, String nav, String body) {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>" + STYLE
        + "</style></head><body>" + nav + body + "</body></html>";
  }

  private static String link(String href, String text) {
    return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
  }

  private static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
