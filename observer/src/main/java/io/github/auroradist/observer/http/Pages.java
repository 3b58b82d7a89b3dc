package io.github.auroradist.observer.http;

import static io.github.auroradist.observer.http.Html.a;
import static io.github.auroradist.observer.http.Html.esc;
import static io.github.auroradist.observer.http.Html.path;
import static io.github.auroradist.observer.http.Html.state;
import static io.github.auroradist.observer.http.Html.time;

import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.observer.discovery.ObservedTask;
import io.github.auroradist.observer.discovery.Snapshot;
import io.github.auroradist.observer.resources.ResourceUsage;
import io.github.auroradist.observer.sandbox.FileWindow;
import io.github.auroradist.observer.sandbox.SandboxPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders the HTML pages from a snapshot. Every value from disk goes through {@link Html#esc}. */
final class Pages {
  /** Tasks per page of a task list. */
  static final int PAGE_SIZE = 100;
  /** Entries shown of one sandbox directory; more would make a page nobody can use. */
  static final int MAX_LISTED = 5000;
  /** Seconds between reloads of a followed log. */
  static final int FOLLOW_SECS = 5;
  private final String host;

  Pages(String host) {
    this.host = host;
  }

  String error(int status, String message) {
    return Html.page(host, "Error " + status, "<p class=\"error\">" + esc(message) + "</p>");
  }

  String taskList(Snapshot snapshot, String which, List<ObservedTask> all, int offset, int num) {
    List<ObservedTask> tasks = all.stream().skip(offset).limit(num).toList();
    StringBuilder b = new StringBuilder();
    b.append("<p>").append(snapshot.count(ObservedTask.Status.ACTIVE)).append(" active, ")
        .append(snapshot.count(ObservedTask.Status.FINISHED)).append(" finished");
    long unreadable = snapshot.count(ObservedTask.Status.UNREADABLE);
    if (unreadable > 0) {
      b.append(", <span class=\"UNREADABLE\">").append(unreadable).append(" unreadable</span>");
    }
    b.append(" task(s). Last scan ").append(esc(time(snapshot.scanTimeMs()))).append(" took ")
        .append(snapshot.scanDurationMs()).append(" ms.</p>\n");
    for (String problem : snapshot.problems()) {
      b.append("<p class=\"error\">").append(esc(problem)).append("</p>\n");
    }
    if (tasks.isEmpty()) {
      b.append("<p class=\"muted\">No ").append(which.equals("all") ? "" : esc(which) + " ")
          .append("tasks on this worker.</p>");
      return Html.page(host, title(which), b.toString());
    }
    if (offset > 0 || all.size() > offset + num) {
      b.append("<p>Showing ").append(offset + 1).append(" to ").append(offset + tasks.size()).append(" of ")
          .append(all.size()).append(". ");
      if (offset > 0) {
        b.append(a(path("main", which, Integer.toString(Math.max(0, offset - num)), Integer.toString(num)),
            "previous")).append(' ');
      }
      if (all.size() > offset + num) {
        b.append(a(path("main", which, Integer.toString(offset + num), Integer.toString(num)), "next"));
      }
      b.append("</p>\n");
    }
    b.append("<table><tr><th>Task ID</th><th>Role/Env/Job/Instance</th><th>State</th><th>Started</th>"
        + "<th>Processes</th><th>Links</th></tr>\n");
    for (ObservedTask t : tasks) {
      String id = t.taskId();
      b.append("<tr><td>").append(a(path("task", id), id)).append("</td>");
      if (t.checkpoint() == null) {
        b.append("<td></td><td>").append(state("UNREADABLE")).append("</td><td>")
            .append(esc(time(t.modifiedMs()))).append("</td><td colspan=\"1\" class=\"error\">")
            .append(esc(t.error())).append("</td>");
      } else {
        TaskCheckpoint c = t.checkpoint();
        CheckpointRecord.Header h = c.header();
        b.append("<td>").append(esc(h.role())).append('/').append(esc(h.environment())).append('/')
            .append(esc(h.jobName())).append('/').append(esc(h.instance())).append("</td><td>")
            .append(taskState(c)).append("</td><td>")
            .append(esc(time(h.launchTimeMs()))).append("</td><td>").append(esc(processSummary(c)))
            .append("</td>");
      }
      b.append("<td>").append(a(path("task", id), "task")).append(' ');
      if (t.checkpoint() != null) {
        b.append(a(path("rawtask", id), "config")).append(' ');
      }
      b.append(a(path("browse", id), "sandbox")).append("</td></tr>\n");
    }
    b.append("</table>");
    return Html.page(host, title(which), b.toString());
  }

  private static String title(String which) {
    return switch (which) {
      case "active" -> "Active tasks";
      case "finished" -> "Finished tasks";
      default -> "All tasks";
    };
  }

  /** The task's state; a checkpoint with only its header has none yet (the executor is starting). */
  private static String taskState(TaskCheckpoint c) {
    return c.state() == null ? "<span class=\"muted\">no state yet</span>" : state(c.state());
  }

  /** "3 processes: 2 RUNNING, 1 SUCCESS" from each process's latest run. */
  static String processSummary(TaskCheckpoint c) {
    Map<String, Integer> counts = new TreeMap<>();
    for (var e : c.processes().entrySet()) {
      String s = e.getValue().isEmpty() ? "not started" : e.getValue().get(e.getValue().size() - 1).state().name();
      counts.merge(s, 1, Integer::sum);
    }
    int n = c.processes().size();
    if (n == 0) {
      return "no processes";
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((s, k) -> parts.add(k + " " + s));
    return n + (n == 1 ? " process: " : " processes: ") + String.join(", ", parts);
  }

  String task(ObservedTask t, ResourceUsage usage) {
    String id = t.taskId();
    StringBuilder b = new StringBuilder();
    var loc = t.location();
    if (t.checkpoint() == null) {
      b.append("<p class=\"error\">The checkpoint of this task cannot be read: ").append(esc(t.error()))
          .append("</p>\n");
      b.append("<table>");
      rowHtml(b, "Checkpoint", esc(loc.checkpointFile()) + " (" + a(path("checkpoint", id), "view") + ")");
      row(b, "Checkpoint changed", time(t.modifiedMs()));
      location(b, t);
      b.append("</table><p>").append(a(path("browse", id), "Browse the sandbox")).append("</p>");
      return Html.page(host, "Task " + id, b.toString());
    }
    TaskCheckpoint c = t.checkpoint();
    CheckpointRecord.Header h = c.header();
    b.append("<p>").append(a(path("rawtask", id), "Task configuration")).append(" &middot; ")
        .append(a(path("browse", id), "Sandbox")).append(" &middot; ")
        .append(a(path("j", "task", id), "JSON")).append("</p>\n");
    if (c.tornTail()) {
      b.append("<p class=\"muted\">The last checkpoint record is incomplete (a write cut short, e.g. by a"
          + " crash); it is ignored.</p>\n");
    }
    b.append("<table>");
    rowHtml(b, "State", taskState(c)
        + c.stateTimeMs().map(ms -> " since " + esc(time(ms))).orElse(""));
    row(b, "Role", h.role());
    row(b, "Environment", h.environment());
    row(b, "Job", h.jobName());
    row(b, "Instance", h.instance());
    row(b, "User", h.user());
    row(b, "Hostname", h.hostname());
    row(b, "Launched", time(h.launchTimeMs()));
    row(b, "Executor pid", h.executorPid());
    if (!h.ports().isEmpty()) {
      StringBuilder ports = new StringBuilder();
      new TreeMap<>(h.ports()).forEach((name, port) ->
          ports.append(esc(name)).append(": ").append(esc(port)).append("<br>"));
      rowHtml(b, "Ports", ports.toString());
    }
    row(b, "Sandbox", loc.sandbox());
    rowHtml(b, "Checkpoint", esc(loc.checkpointFile()) + " (" + c.records() + " records, "
        + a(path("checkpoint", id), "view") + ")");
    location(b, t);
    b.append("</table>\n<h2>State history</h2>\n<table><tr><th>State</th><th>Time</th><th>Message</th></tr>");
    for (CheckpointRecord.TaskStatus s : c.history()) {
      b.append("<tr><td>").append(state(s.state())).append("</td><td>").append(esc(time(s.timeMs())))
          .append("</td><td>").append(esc(s.message())).append("</td></tr>");
    }
    b.append("</table>\n");
    resources(b, c, usage);
    b.append("<h2>Processes</h2>\n");
    if (c.processes().isEmpty()) {
      b.append("<p class=\"muted\">No processes.</p>");
    } else {
      b.append("<table><tr><th>Process</th><th>Runs</th><th>State</th><th>Pid</th><th>Started</th>"
          + "<th>Stopped</th><th>Duration</th><th>Return code</th><th>Message</th><th>Logs</th></tr>\n");
      c.processes().forEach((name, runs) -> {
        b.append("<tr><td>").append(a(path("process", id, name), name)).append("</td><td>")
            .append(runs.size()).append("</td>");
        if (runs.isEmpty()) {
          b.append("<td class=\"muted\">not started</td><td></td><td></td><td></td><td></td><td></td><td></td><td></td>");
        } else {
          runCells(b, id, runs.get(runs.size() - 1));
        }
        b.append("</tr>\n");
      });
      b.append("</table>");
    }
    return Html.page(host, "Task " + id, b.toString());
  }

  private static void location(StringBuilder b, ObservedTask t) {
    var loc = t.location();
    row(b, "Agent", loc.agentId());
    row(b, "Framework", loc.frameworkId());
    row(b, "Executor", loc.executorId());
    row(b, "Run", loc.runId());
  }

  String process(ObservedTask t, String process, List<ProcessRun> runs) {
    String id = t.taskId();
    StringBuilder b = new StringBuilder();
    b.append("<p>Task ").append(a(path("task", id), id)).append(" &middot; ")
        .append(a(path("j", "process", id, process), "JSON")).append("</p>\n");
    String cmdline = cmdline(t, process);
    if (cmdline != null) {
      b.append("<p>Command line:</p><pre>").append(esc(cmdline)).append("</pre>\n");
    }
    if (runs.isEmpty()) {
      b.append("<p class=\"muted\">This process has not started yet.</p>");
      return Html.page(host, "Process " + process, b.toString());
    }
    b.append("<table><tr><th>Run</th><th>State</th><th>Pid</th><th>Started</th><th>Stopped</th>"
        + "<th>Duration</th><th>Return code</th><th>Message</th><th>Logs</th></tr>\n");
    for (int i = runs.size() - 1; i >= 0; i--) {
      ProcessRun r = runs.get(i);
      b.append("<tr><td>").append(r.run()).append("</td>");
      runCells(b, id, r);
      b.append("</tr>\n");
    }
    b.append("</table>");
    return Html.page(host, "Process " + process, b.toString());
  }

  private static void runCells(StringBuilder b, String id, ProcessRun r) {
    Long started = r.startTimeMs() != null ? r.startTimeMs() : r.forkTimeMs();
    b.append("<td>").append(state(r.state())).append("</td><td>").append(esc(r.pid())).append("</td><td>")
        .append(esc(time(started))).append("</td><td>").append(esc(time(r.stopTimeMs()))).append("</td><td>")
        .append(esc(Html.duration(started, r.stopTimeMs()))).append("</td><td>").append(esc(r.returnCode()))
        .append("</td><td>").append(esc(r.message())).append("</td><td>");
    if (r.forkTimeMs() != null || r.startTimeMs() != null || r.pid() != null) {
      String run = Integer.toString(r.run());
      b.append(a(path("logs", id, r.process(), run, "stdout"), "stdout")).append(' ')
          .append(a(path("logs", id, r.process(), run, "stderr"), "stderr"));
    }
    b.append("</td>");
  }

  String rawTask(ObservedTask t) {
    String id = t.taskId();
    String json = JsonViews.pretty(t.checkpoint().header().config());
    return Html.page(host, "Configuration of " + id, "<p>Task " + a(path("task", id), id)
        + " &middot; " + a(path("rawtask", id) + "?format=json", "as JSON")
        + "</p><p class=\"muted\">The bound task configuration the executor ran.</p><pre>" + esc(json) + "</pre>");
  }

  /**
   * A window of a log or sandbox file with links to its neighbours.
   *
   * @param self the page's own path (already encoded), for the paging links
   * @param download the raw download link, or null
   */
  String window(String title, String context, String self, String download, FileWindow w, long length) {
    return window(title, context, self, download, w, length, false, false);
  }

  /**
   * @param followable whether to offer following the end (logs of this page's kind grow)
   * @param following whether this page is the followed end: it reloads itself every few seconds
   */
  String window(String title, String context, String self, String download, FileWindow w, long length,
      boolean followable, boolean following) {
    StringBuilder b = new StringBuilder();
    b.append("<p>").append(context).append("</p>\n<p>");
    if (w.fileSize() == 0) {
      b.append("The file is empty.");
    } else {
      b.append("Bytes ").append(w.offset()).append(" to ").append(w.end()).append(" of ").append(w.fileSize())
          .append(" (").append(esc(Html.bytes(w.fileSize()))).append(").");
    }
    b.append("</p>\n<p>");
    if (w.offset() > 0) {
      b.append(a(self + "?offset=0&length=" + length, "start")).append(' ')
          .append(a(self + "?offset=" + Math.max(0, w.offset() - length) + "&length=" + length, "previous"))
          .append(' ');
    }
    if (w.end() < w.fileSize()) {
      b.append(a(self + "?offset=" + w.end() + "&length=" + length, "next")).append(' ');
    }
    b.append(a(self + "?length=" + length + "#end", "end (latest)"));
    if (followable) {
      b.append(' ').append(following ? a(self + "?length=" + length + "#end", "stop following")
          : a(self + "?length=" + length + "&follow=1#end", "follow (reload every " + FOLLOW_SECS + " s)"));
    }
    if (download != null) {
      b.append(' ').append(a(download, "download"));
    }
    b.append("</p>\n<pre>").append(esc(w.text())).append("</pre><p id=\"end\"></p>");
    return Html.page(host, title, b.toString(), following ? FOLLOW_SECS : 0);
  }

  String directory(ObservedTask t, String relative, List<SandboxPaths.Entry> entries) {
    String id = t.taskId();
    StringBuilder b = new StringBuilder();
    b.append("<p>Task ").append(a(path("task", id), id)).append(" &middot; ")
        .append(breadcrumbs(id, relative)).append("</p>\n");
    b.append("<table><tr><th>Name</th><th>Size</th><th>Modified</th><th></th></tr>\n");
    if (!relative.isEmpty()) {
      String parent = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/')) : "";
      b.append("<tr><td>").append(a(sandboxPath("browse", id, parent), "(parent directory)"))
          .append("</td><td></td><td></td><td></td></tr>\n");
    }
    List<SandboxPaths.Entry> shown = entries.size() > MAX_LISTED ? entries.subList(0, MAX_LISTED) : entries;
    for (SandboxPaths.Entry e : shown) {
      String child = relative.isEmpty() ? e.name() : relative + "/" + e.name();
      b.append("<tr><td>");
      switch (e.kind()) {
        case DIRECTORY -> b.append(a(sandboxPath("browse", id, child), e.name() + "/"))
            .append("</td><td></td><td>").append(esc(time(e.modifiedMs()))).append("</td><td>");
        case FILE -> b.append(a(sandboxPath("file", id, child), e.name())).append("</td><td>")
            .append(esc(Html.bytes(e.size()))).append("</td><td>").append(esc(time(e.modifiedMs())))
            .append("</td><td>").append(a(sandboxPath("download", id, child), "download"));
        case LINK_OUTSIDE -> b.append(esc(e.name())).append("</td><td></td><td></td><td class=\"muted\">"
            + "symbolic link leading outside the sandbox (not served)");
        case BROKEN_LINK -> b.append(esc(e.name())).append("</td><td></td><td></td><td class=\"muted\">"
            + "broken symbolic link");
        default -> b.append(esc(e.name())).append("</td><td></td><td>").append(esc(time(e.modifiedMs())))
            .append("</td><td class=\"muted\">not a regular file");
      }
      b.append("</td></tr>\n");
    }
    b.append("</table>");
    if (shown.size() < entries.size()) {
      b.append("<p class=\"muted\">").append(entries.size() - shown.size())
          .append(" more entries are not shown; download files by path.</p>");
    }
    return Html.page(host, "Sandbox of " + id, b.toString());
  }

  String breadcrumbs(String id, String relative) {
    StringBuilder b = new StringBuilder(a(path("browse", id), "sandbox"));
    if (relative.isEmpty()) {
      return b.toString();
    }
    StringBuilder so = new StringBuilder();
    for (String part : relative.split("/")) {
      so.append(so.length() == 0 ? "" : "/").append(part);
      b.append(" / ").append(a(sandboxPath("browse", id, so.toString()), part));
    }
    return b.toString();
  }

  /** {@code /<kind>/<id>/<relative path>} with every segment encoded. */
  static String sandboxPath(String kind, String id, String relative) {
    StringBuilder p = new StringBuilder(path(kind, id));
    if (!relative.isEmpty()) {
      for (String part : relative.split("/")) {
        p.append('/').append(Html.seg(part));
      }
    }
    return p.toString();
  }

  private static void row(StringBuilder b, String name, Object value) {
    rowHtml(b, name, esc(value));
  }

  private static void rowHtml(StringBuilder b, String name, String html) {
    b.append("<tr><th>").append(esc(name)).append("</th><td>").append(html).append("</td></tr>\n");
  }

  /** The process's bound command line from the task configuration in the header, if present. */
  private static String cmdline(ObservedTask t, String process) {
    var config = t.checkpoint().header().config();
    if (config == null) {
      return null;
    }
    for (var p : config.path("task").path("processes")) {
      if (process.equals(p.path("name").asText(null)) && p.hasNonNull("cmdline")) {
        return p.get("cmdline").asText();
      }
    }
    return null;
  }

  private static void resources(StringBuilder b, TaskCheckpoint c, ResourceUsage usage) {
    @SuppressWarnings("unchecked")
    Map<String, Object> allocated = (Map<String, Object>) JsonViews.resources(c, null).get("allocated");
    b.append("<h2>Resources</h2>\n<table><tr><th></th><th>Allocated</th><th>Used</th></tr>");
    boolean live = usage != null && !usage.processes().isEmpty();
    String cpuUsed = !c.isActive() ? "task finished" : !live ? "no live processes"
        : String.format("%.2f cores on average (%.1f s of CPU time)", usage.processes().stream()
            .mapToDouble(ResourceUsage.ProcessUsage::averageCpu).sum(), usage.cpuSeconds());
    b.append("<tr><th>CPU</th><td>").append(esc(allocated.getOrDefault("cpu", ""))).append("</td><td>")
        .append(esc(cpuUsed)).append("</td></tr>");
    b.append("<tr><th>RAM</th><td>").append(esc(bytesOrEmpty(allocated.get("ram_bytes")))).append("</td><td>")
        .append(esc(!c.isActive() ? "task finished" : !live ? "no live processes"
            : Html.bytes(usage.rssBytes()) + " resident")).append("</td></tr>");
    String disk = usage == null || usage.sandboxBytes() == null ? "sandbox is gone"
        : (usage.sandboxPartial() ? "more than " : "") + Html.bytes(usage.sandboxBytes()) + " in the sandbox";
    b.append("<tr><th>Disk</th><td>").append(esc(bytesOrEmpty(allocated.get("disk_bytes")))).append("</td><td>")
        .append(esc(disk)).append("</td></tr></table>\n");
    if (live) {
      b.append("<table><tr><th>Process</th><th>Run</th><th>Pid</th><th>Processes in tree</th><th>CPU time</th>"
          + "<th>Average CPU</th><th>Resident memory</th></tr>");
      for (ResourceUsage.ProcessUsage p : usage.processes()) {
        b.append("<tr><td>").append(esc(p.process())).append("</td><td>").append(p.run()).append("</td><td>")
            .append(p.pid()).append("</td><td>").append(p.processCount()).append("</td><td>")
            .append(String.format("%.1f s", p.cpuSeconds())).append("</td><td>")
            .append(String.format("%.2f cores", p.averageCpu())).append("</td><td>")
            .append(esc(Html.bytes(p.rssBytes()))).append("</td></tr>");
      }
      b.append("</table>\n");
    }
  }

  private static String bytesOrEmpty(Object value) {
    return value instanceof Number n ? Html.bytes(n.longValue()) : "";
  }
}
