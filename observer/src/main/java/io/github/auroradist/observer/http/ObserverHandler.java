package io.github.auroradist.observer.http;

import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.observer.discovery.ObservedTask;
import io.github.auroradist.observer.discovery.Snapshot;
import io.github.auroradist.observer.discovery.TaskDiscovery;
import io.github.auroradist.observer.resources.ResourceSampler;
import io.github.auroradist.observer.resources.ResourceUsage;
import io.github.auroradist.observer.sandbox.ConfinedDirectory;
import io.github.auroradist.observer.sandbox.FileWindow;
import io.github.auroradist.observer.sandbox.SandboxException;
import io.github.auroradist.observer.sandbox.SandboxPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every page of the observer. Routes on the raw request path split into segments, each
 * percent-decoded on its own, so an encoded {@code /} or {@code ..} can never change which file a
 * request names.
 */
public final class ObserverHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ObserverHandler.class);
  private static final String HTML = "text/html; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json; charset=utf-8";
  private static final String SANDBOX = "sandbox";

  private final TaskDiscovery discovery;
  private final Pages pages;
  private final Path mesosRoot;
  private final long startedMs = System.currentTimeMillis();
  private final ResourceSampler sampler = new ResourceSampler();

  public ObserverHandler(TaskDiscovery discovery, Path mesosRoot, String hostname) {
    this.discovery = discovery;
    this.mesosRoot = mesosRoot;
    this.pages = new Pages(hostname);
  }

  /** One request being answered. */
  private record Exchange(Request request, Response response, Callback callback, List<String> segments) {
    String query(String name) {
      Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      String v = fields.getValue(name);
      return v == null || v.isEmpty() ? null : v;
    }

    void send(int status, String type, String body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      // Pages show text from task sandboxes: no scripts, no outside resources, no sniffing.
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
      Content.Sink.write(response, true, body, callback);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange x = null;
    try {
      String method = request.getMethod();
      if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
        throw new HttpError(405, "The observer is read-only; use GET.");
      }
      x = new Exchange(request, response, callback, segments(request.getHttpURI().getPath()));
      route(x);
    } catch (HttpError e) {
      fail(request, response, callback, x, e.status, e.getMessage());
    } catch (SandboxException e) {
      fail(request, response, callback, x, e.status(), e.getMessage());
    } catch (IllegalArgumentException e) {
      fail(request, response, callback, x, 400, e.getMessage());
    } catch (Exception e) {
      LOG.warn("Request {} failed", request.getHttpURI(), e);
      fail(request, response, callback, x, 500, "Internal error: " + e);
    }
    return true;
  }

  private void fail(Request request, Response response, Callback callback, Exchange x, int status, String message) {
    if (response.isCommitted()) {
      callback.failed(new IOException(message));
      return;
    }
    // Drop headers a half-built answer set (a download's Content-Length, say) before the error page.
    response.reset();
    if (status == 405) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    }
    Exchange e = x != null ? x : new Exchange(request, response, callback, List.of());
    boolean json = !e.segments().isEmpty() && e.segments().get(0).equals("j");
    if (json) {
      e.send(status, JSON, JsonViews.write(Map.of("error", message)));
    } else {
      e.send(status, HTML, pages.error(status, message));
    }
  }

  /** The path's segments, each percent-decoded; empty segments are kept (the sandbox skips them). */
  static List<String> segments(String rawPath) {
    List<String> result = new ArrayList<>();
    if (rawPath == null) {
      return result;
    }
    String[] parts = rawPath.split("/", -1);
    for (int i = 1; i < parts.length; i++) {
      try {
        result.add(URIUtil.decodePath(parts[i]));
      } catch (RuntimeException e) {
        throw new HttpError(400, "Malformed percent-encoding in path segment '" + parts[i] + "'.");
      }
    }
    // A trailing slash is not a segment of its own.
    while (!result.isEmpty() && result.get(result.size() - 1).isEmpty()) {
      result.remove(result.size() - 1);
    }
    return result;
  }

  private void route(Exchange x) throws Exception {
    List<String> s = x.segments();
    String first = s.isEmpty() ? "" : s.get(0);
    Snapshot snap = discovery.snapshot();
    switch (first) {
      case "" -> taskList(x, snap, List.of("main", "all"));
      case "main" -> taskList(x, snap, s);
      case "task" -> {
        ObservedTask t = task(snap, arg(s, 1, "/task/<task id>"));
        x.send(200, HTML, pages.task(t, usage(t)));
      }
      case "rawtask" -> rawTask(x, task(snap, only(s, 2, "/rawtask/<task id>")));
      case "process" -> {
        exactly(s, 3, "/process/<task id>/<process>");
        ObservedTask t = task(snap, s.get(1));
        x.send(200, HTML, pages.process(t, s.get(2), runs(t, s.get(2))));
      }
      case "logs" -> logs(x, snap);
      case "checkpoint" -> checkpoint(x, task(snap, only(s, 2, "/checkpoint/<task id>")));
      case "browse", "file", "download" -> sandbox(x, snap, first);
      case "j" -> json(x, snap);
      case "health" -> x.send(200, TEXT, "OK");
      case "vars" -> {
        StringBuilder b = new StringBuilder();
        vars(snap).forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        x.send(200, TEXT, b.toString());
      }
      case "vars.json" -> x.send(200, JSON, JsonViews.write(vars(snap)));
      default -> throw new HttpError(404, "No page " + x.request().getHttpURI().getPath()
          + "; start at / for the list of tasks.");
    }
  }

  /** {@code /main/<all|active|finished>[/<offset>[/<num>]]}, as Aurora pages its lists. */
  private void taskList(Exchange x, Snapshot snap, List<String> s) {
    if (s.size() > 4) {
      throw new HttpError(404, "Use /main/<all|active|finished>[/<offset>[/<num>]].");
    }
    String which = s.size() > 1 ? s.get(1) : "all";
    List<ObservedTask> tasks = tasks(snap, which);
    int offset = s.size() > 2 ? parseCount(s.get(2), "offset") : 0;
    int num = s.size() > 3 ? parseCount(s.get(3), "num") : Pages.PAGE_SIZE;
    if (num == 0) {
      throw new HttpError(400, "'num' must be 1 or more.");
    }
    x.send(200, HTML, pages.taskList(snap, which, tasks, offset, num));
  }

  private static List<ObservedTask> tasks(Snapshot snap, String which) {
    return switch (which) {
      case "all" -> List.copyOf(snap.tasks().values());
      case "active" -> snap.withStatus(ObservedTask.Status.ACTIVE);
      case "finished" -> snap.withStatus(ObservedTask.Status.FINISHED);
      default -> throw new HttpError(404, "No task list '" + which + "'; use all, active or finished.");
    };
  }

  private void rawTask(Exchange x, ObservedTask t) {
    if (t.checkpoint() == null) {
      throw new HttpError(404, "The checkpoint of task " + t.taskId() + " cannot be read: " + t.error());
    }
    if ("json".equals(x.query("format"))) {
      x.send(200, JSON, JsonViews.pretty(t.checkpoint().header().config()));
    } else {
      x.send(200, HTML, pages.rawTask(t));
    }
  }

  private void logs(Exchange x, Snapshot snap) throws IOException, SandboxException {
    List<String> s = x.segments();
    exactly(s, 5, "/logs/<task id>/<process>/<run>/<stdout|stderr>");
    ObservedTask t = task(snap, s.get(1));
    String process = s.get(2);
    List<ProcessRun> runs = runs(t, process);
    int run;
    try {
      run = Integer.parseInt(s.get(3));
    } catch (NumberFormatException e) {
      throw new HttpError(400, "The run must be a number (0 for the first run), got '" + s.get(3) + "'.");
    }
    if (run < 0 || run >= runs.size()) {
      throw new HttpError(404, "Process '" + process + "' has " + runs.size() + " run(s); there is no run " + run + ".");
    }
    String stream = s.get(4);
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      throw new HttpError(404, "Logs are 'stdout' or 'stderr', not '" + stream + "'.");
    }
    Long length = number(x, "length");
    Long offset = number(x, "offset");
    String self = Html.path("logs", t.taskId(), process, Integer.toString(run), stream);
    StringBuilder context = new StringBuilder("Task " + Html.a(Html.path("task", t.taskId()), t.taskId())
        + " &middot; process " + Html.a(Html.path("process", t.taskId(), process), process) + " &middot; run " + run);
    String download = null;
    FileWindow w;
    try (ConfinedDirectory runDir = ConfinedDirectory.open(t.location().runDirectory(), "the task's run directory")) {
      SandboxPaths.Resolved file = logFile(runDir, t, process, run, stream);
      try (SeekableByteChannel channel = runDir.open(file)) {
        w = FileWindow.read(channel, offset, length);
      }
      List<String> target = file.target();
      if (target.size() > 1 && target.get(0).equals(SANDBOX)) {
        String relative = String.join("/", target.subList(1, target.size()));
        download = Pages.sandboxPath("download", t.taskId(), relative);
        // The executor rotates logs to stdout.1, stdout.2, ...: link the older parts.
        List<String> older = new ArrayList<>();
        List<String> rotated = new ArrayList<>(target);
        for (int i = 1; i < 1000; i++) {
          rotated.set(rotated.size() - 1, stream + "." + i);
          if (!runDir.isFile(rotated)) {
            break;
          }
          older.add(Html.a(Pages.sandboxPath("file", t.taskId(), relative + "." + i), stream + "." + i));
        }
        if (!older.isEmpty()) {
          context.append(" &middot; older output: ").append(String.join(" ", older));
        }
      }
    }
    boolean live = !runs.get(run).state().isTerminal();
    boolean following = live && offset == null && "1".equals(x.query("follow"));
    x.send(200, HTML, pages.window(stream + " of " + process + " (run " + run + ")", context.toString(), self,
        download, w, length == null ? FileWindow.DEFAULT_LENGTH : length, live, following));
  }

  /** The raw checkpoint file, a window at a time (its end by default): for debugging a bad one. */
  private void checkpoint(Exchange x, ObservedTask t) throws IOException, SandboxException {
    Long length = number(x, "length");
    FileWindow w;
    try (ConfinedDirectory runDir = ConfinedDirectory.open(t.location().runDirectory(), "the task's run directory")) {
      List<String> names = runDir.below(t.location().checkpointFile()).orElseThrow();
      try (SeekableByteChannel channel = runDir.open(runDir.resolve(names))) {
        w = FileWindow.read(channel, number(x, "offset"), length);
      }
    }
    String context = "Task " + Html.a(Html.path("task", t.taskId()), t.taskId()) + " &middot; "
        + Html.esc(t.location().checkpointFile()) + " (format: docs/checkpoints.md)";
    x.send(200, HTML, pages.window("Checkpoint of " + t.taskId(), context, Html.path("checkpoint", t.taskId()),
        null, w, length == null ? FileWindow.DEFAULT_LENGTH : length));
  }

  /**
   * The log file of a run: {@code <log dir>/<process>/<run>/<stream>} inside the run directory,
   * where the log dir is the header's when it lies inside the run directory, else
   * {@code sandbox/.logs}.
   */
  private static SandboxPaths.Resolved logFile(ConfinedDirectory runDir, ObservedTask t, String process, int run,
      String stream) throws SandboxException {
    List<String> logDir = List.of(SANDBOX, ".logs");
    String recorded = t.checkpoint().header().logDir();
    if (recorded != null) {
      logDir = runDir.below(Path.of(recorded)).orElse(logDir);
    }
    List<String> segments = new ArrayList<>(logDir);
    segments.addAll(List.of(process, Integer.toString(run), stream));
    try {
      return runDir.resolve(segments);
    } catch (SandboxException e) {
      if (e.status() == 404) {
        throw new SandboxException(404, "No " + stream + " log for run " + run + " of process '" + process
            + "' (looked for " + runDir.path().resolve(String.join("/", segments)) + ").");
      }
      throw e;
    }
  }

  private void sandbox(Exchange x, Snapshot snap, String kind) throws IOException, SandboxException {
    List<String> s = x.segments();
    if (s.size() < 2) {
      throw new HttpError(404, "Name a task: /" + kind + "/<task id>/<path>.");
    }
    ObservedTask t = task(snap, s.get(1));
    try (ConfinedDirectory sandbox = ConfinedDirectory.open(t.location().sandbox(), "the task's sandbox")) {
      SandboxPaths.Resolved r = sandbox.resolve(s.subList(2, s.size()));
      switch (kind) {
        case "browse" -> {
          if (!r.directory()) {
            redirect(x, Pages.sandboxPath("file", t.taskId(), r.relative()));
            return;
          }
          x.send(200, HTML, pages.directory(t, r.relative(), sandbox.list(r)));
        }
        case "file" -> {
          if (r.directory()) {
            redirect(x, Pages.sandboxPath("browse", t.taskId(), r.relative()));
            return;
          }
          Long length = number(x, "length");
          Long offset = number(x, "offset");
          FileWindow w;
          try (SeekableByteChannel channel = sandbox.open(r)) {
            // A file opens at its start; logs open at their end.
            w = FileWindow.read(channel, offset == null ? Long.valueOf(0) : offset, length);
          }
          x.send(200, HTML, pages.window(r.relative(), "Task " + Html.a(Html.path("task", t.taskId()), t.taskId())
                  + " &middot; " + pages.breadcrumbs(t.taskId(), r.relative()),
              Pages.sandboxPath("file", t.taskId(), r.relative()),
              Pages.sandboxPath("download", t.taskId(), r.relative()), w,
              length == null ? FileWindow.DEFAULT_LENGTH : length));
        }
        default -> {
          if (r.directory()) {
            throw new HttpError(400, "'" + r.relative() + "' is a directory; only files can be downloaded.");
          }
          try (SeekableByteChannel channel = sandbox.open(r)) {
            download(x, r, channel);
          }
        }
      }
    }
  }

  private static void download(Exchange x, SandboxPaths.Resolved file, SeekableByteChannel channel)
      throws IOException {
    Response response = x.response();
    String name = file.target().get(file.target().size() - 1).replaceAll("[^\\w.\\-]", "_");
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, channel.size());
    response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    // The handler is blocking (Handler.Abstract's default), so streaming through an OutputStream is fine.
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      if (!HttpMethod.HEAD.is(x.request().getMethod())) {
        Channels.newInputStream(channel).transferTo(out);
      }
    }
    x.callback().succeeded();
  }
  private static void redirect(Exchange x, String location) {
    Response.sendRedirect(x.request(), x.response(), x.callback(), location);
  }

  private void json(Exchange x, Snapshot snap) {
    List<String> s = x.segments();
    String what = s.size() < 2 ? "" : s.get(1);
    Object body = switch (what) {
      case "task_ids" -> taskIds(snap, s);
      case "task_id_count" -> Map.of("active", snap.count(ObservedTask.Status.ACTIVE),
          "finished", snap.count(ObservedTask.Status.FINISHED),
          "unreadable", snap.count(ObservedTask.Status.UNREADABLE));
      case "task" -> {
        if (s.size() == 3) {
          ObservedTask t = task(snap, s.get(2));
          yield JsonViews.task(t, usage(t));
        }
        exactly(s, 2, "/j/task/<task id> or /j/task?task_id=<id>,<id>");
        String ids = x.query("task_id");
        if (ids == null) {
          throw new HttpError(400, "Name tasks: /j/task/<task id> or /j/task?task_id=<id>,<id>.");
        }
        Map<String, Object> tasks = new LinkedHashMap<>();
        for (String id : ids.split(",")) {
          snap.task(id.trim()).ifPresent(t -> tasks.put(t.taskId(), JsonViews.task(t, usage(t))));
        }
        yield tasks;
      }
      case "process" -> {
        if (s.size() != 4 && s.size() != 5) {
          throw new HttpError(404, "Use /j/process/<task id>/<process>[/<run>].");
        }
        ObservedTask t = task(snap, s.get(2));
        List<ProcessRun> runs = runs(t, s.get(3));
        Map<String, Object> m;
        if (s.size() == 5) {
          int run = parseRun(s.get(4));
          if (run < 0 || run >= runs.size()) {
            throw new HttpError(404, "Process '" + s.get(3) + "' has no run " + s.get(4) + ".");
          }
          m = JsonViews.run(runs.get(run));
        } else if (runs.isEmpty()) {
          m = new LinkedHashMap<>(Map.of("process_name", s.get(3)));
        } else {
          m = JsonViews.run(runs.get(runs.size() - 1));
        }
        m.put("runs", runs.stream().map(JsonViews::run).toList());
        yield m;
      }
      default -> throw new HttpError(404, "No JSON endpoint '" + what
          + "'; there are /j/task_ids, /j/task_id_count, /j/task/<id> and /j/process/<id>/<process>.");
    };
    x.send(200, JSON, JsonViews.write(body));
  }

  private static Object taskIds(Snapshot snap, List<String> s) {
    if (s.size() == 2) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("active", ids(snap.withStatus(ObservedTask.Status.ACTIVE)));
      m.put("finished", ids(snap.withStatus(ObservedTask.Status.FINISHED)));
      m.put("unreadable", ids(snap.withStatus(ObservedTask.Status.UNREADABLE)));
      return m;
    }
    // Aurora's paged form: /j/task_ids/<which>/<offset>/<num>
    String which = s.get(2);
    List<ObservedTask> tasks = tasks(snap, which);
    int offset = s.size() > 3 ? parseCount(s.get(3), "offset") : 0;
    int num = s.size() > 4 ? parseCount(s.get(4), "num") : 20;
    if (s.size() > 5) {
      throw new HttpError(404, "Use /j/task_ids/<all|active|finished>/<offset>/<num>.");
    }
    List<String> page = ids(tasks).stream().skip(offset).limit(num).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", which);
    m.put("offset", offset);
    m.put("num", num);
    m.put("task_ids", page);
    return m;
  }

  private static List<String> ids(List<ObservedTask> tasks) {
    return tasks.stream().map(ObservedTask::taskId).toList();
  }

  private Map<String, Object> vars(Snapshot snap) {
    Runtime rt = Runtime.getRuntime();
    long now = System.currentTimeMillis();
    int torn = (int) snap.tasks().values().stream()
        .filter(t -> t.checkpoint() != null && t.checkpoint().tornTail()).count();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("observer_uptime_secs", (now - startedMs) / 1000);
    v.put("observer_mesos_root", mesosRoot.toString());
    long intervalMs = discovery.interval().toMillis();
    v.put("observer_polling_interval_secs", intervalMs % 1000 == 0 ? (Object) (intervalMs / 1000) : intervalMs / 1000.0);
    v.put("tasks_found", snap.tasks().size());
    v.put("tasks_active", snap.count(ObservedTask.Status.ACTIVE));
    v.put("tasks_finished", snap.count(ObservedTask.Status.FINISHED));
    v.put("checkpoints_corrupt", snap.count(ObservedTask.Status.UNREADABLE));
    v.put("checkpoints_torn_tail", torn);
    v.put("duplicate_task_ids", snap.duplicateTaskIds());
    v.put("scan_count", snap.scanNumber());
    v.put("scan_duration_ms", snap.scanDurationMs());
    v.put("scan_age_ms", snap.scanTimeMs() == 0 ? -1 : now - snap.scanTimeMs());
    v.put("scan_failures", discovery.failedScans());
    v.put("scan_problems", snap.problems().size());
    v.put("jvm_heap_used_bytes", rt.totalMemory() - rt.freeMemory());
    v.put("jvm_heap_max_bytes", rt.maxMemory());
    v.put("jvm_threads", Thread.activeCount());
    return v;
  }

  /** Sampled when a page asks (not every scan): only viewed tasks cost /proc reads and a sandbox walk. */
  private ResourceUsage usage(ObservedTask t) {
    return t.checkpoint() == null ? null : sampler.sample(t.checkpoint(), t.location().sandbox());
  }

  private static ObservedTask task(Snapshot snap, String id) {
    return snap.task(id).orElseThrow(() -> new HttpError(404, "No task '" + id
        + "' on this worker. It may not have started yet (the observer rescans every few seconds)"
        + " or its sandbox was garbage collected."));
  }

  private static List<ProcessRun> runs(ObservedTask t, String process) {
    if (t.checkpoint() == null) {
      throw new HttpError(404, "The checkpoint of task " + t.taskId() + " cannot be read: " + t.error());
    }
    return t.runs(process).orElseThrow(() -> new HttpError(404, "Task " + t.taskId() + " has no process '"
        + process + "'; it has " + String.join(", ", t.checkpoint().processes().keySet()) + "."));
  }

  private static Long number(Exchange x, String name) {
    String v = x.query(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new HttpError(400, "'" + name + "' must be a whole number of bytes, got '" + v + "'.");
    }
  }

  private static int parseRun(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new HttpError(400, "The run must be a number (0 for the first run), got '" + v + "'.");
    }
  }

  private static int parseCount(String v, String name) {
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new HttpError(400, "'" + name + "' must be a whole number, 0 or more, got '" + v + "'.");
    }
  }

  private static String arg(List<String> s, int index, String usage) {
    if (s.size() != index + 1) {
      throw new HttpError(404, "Use " + usage + ".");
    }
    return s.get(index);
  }

  private static String only(List<String> s, int size, String usage) {
    return arg(s, size - 1, usage);
  }

  private static void exactly(List<String> s, int size, String usage) {
    if (s.size() != size) {
      throw new HttpError(404, "Use " + usage + ".");
    }
  }
}
