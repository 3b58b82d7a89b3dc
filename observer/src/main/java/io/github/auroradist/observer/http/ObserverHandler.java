package io.github.auroradist.observer.http;

import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.http.Routes;
import io.github.auroradist.http.RoutingHandler;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;

/**
 * Every page of the observer, routed by the {@code http} module: path variables are matched still
 * percent-encoded and decoded one by one (a {@code +} stays a {@code +}), and Jetty refuses an
 * encoded {@code /} or {@code ..} with 400 before any route sees it, so neither can change which
 * file a request names.
 */
public final class ObserverHandler {
  private static final String SANDBOX = "sandbox";
  /** Pages show text from task sandboxes: no scripts, no outside resources, no sniffing, no caching. */
  private static final Map<String, String> HEADERS = Map.of(
      HttpHeader.CACHE_CONTROL.asString(), "no-store",
      "X-Content-Type-Options", "nosniff",
      "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");

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

  /** The Jetty handler that answers every request (only GET and HEAD: the observer is read-only). */
  public Handler handler() {
    Routes routes = new Routes()
        .get("/", x -> taskList(x, "all", null, null))
        .get("/main", x -> taskList(x, "all", null, null))
        .get("/main/{which}", x -> taskList(x, x.param("which"), null, null))
        .get("/main/{which}/{offset}", x -> taskList(x, x.param("which"), x.param("offset"), null))
        .get("/main/{which}/{offset}/{num}", x -> taskList(x, x.param("which"), x.param("offset"), x.param("num")))
        .get("/task/{id}", x -> {
          ObservedTask t = task(x.param("id"));
          x.html(200, pages.task(t, usage(t)));
        })
        .get("/rawtask/{id}", x -> rawTask(x, task(x.param("id"))))
        .get("/process/{id}/{process}", x -> {
          ObservedTask t = task(x.param("id"));
          x.html(200, pages.process(t, x.param("process"), runs(t, x.param("process"))));
        })
        .get("/logs/{id}/{process}/{run}/{stream}", this::logs)
        .get("/checkpoint/{id}", x -> checkpoint(x, task(x.param("id"))))
        .get("/browse/{id}/{path*}", x -> sandbox(x, "browse"))
        .get("/file/{id}/{path*}", x -> sandbox(x, "file"))
        .get("/download/{id}/{path*}", x -> sandbox(x, "download"))
        .get("/j/task_ids", x -> x.json(200, JsonViews.write(taskIds())))
        .get("/j/task_ids/{which}", x -> taskIdPage(x, null, null))
        .get("/j/task_ids/{which}/{offset}", x -> taskIdPage(x, x.param("offset"), null))
        .get("/j/task_ids/{which}/{offset}/{num}", x -> taskIdPage(x, x.param("offset"), x.param("num")))
        .get("/j/task_id_count", x -> x.json(200, JsonViews.write(taskIdCount())))
        .get("/j/task", this::jsonTasks)
        .get("/j/task/{id}", x -> {
          ObservedTask t = task(x.param("id"));
          x.json(200, JsonViews.write(JsonViews.task(t, usage(t))));
        })
        .get("/j/process/{id}/{process}", x -> jsonProcess(x, null))
        .get("/j/process/{id}/{process}/{run}", x -> jsonProcess(x, x.param("run")))
        .get("/health", x -> x.text(200, "OK"))
        .get("/vars", x -> {
          StringBuilder b = new StringBuilder();
          vars(discovery.snapshot()).forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
          x.text(200, b.toString());
        })
        .get("/vars.json", x -> x.json(200, JsonViews.write(vars(discovery.snapshot()))));
    return new RoutingHandler(routes, this::fail, x -> {
      headers(x);
      return false;
    });
  }

  private static void headers(Exchange x) {
    HEADERS.forEach(x::header);
  }

  /** Errors under /j/ are JSON, elsewhere an HTML page; both say what was wrong. */
  private void fail(Exchange x, int status, String message, Throwable cause) {
    headers(x);
    if (x.path().equals("/j") || x.path().startsWith("/j/")) {
      x.json(status, JsonViews.write(Map.of("error", message)));
    } else {
      x.html(status, pages.error(status, cause == null && status == 404
          ? message + ". Start at / for the list of tasks." : message));
    }
  }

  /** {@code /main/<all|active|finished>[/<offset>[/<num>]]}, as Aurora pages its lists. */
  private void taskList(Exchange x, String which, String offsetText, String numText) {
    Snapshot snap = discovery.snapshot();
    List<ObservedTask> tasks = tasks(snap, which);
    int offset = offsetText == null ? 0 : parseCount(offsetText, "offset");
    int num = numText == null ? Pages.PAGE_SIZE : parseCount(numText, "num");
    if (num == 0) {
      throw HttpError.badRequest("'num' must be 1 or more.");
    }
    x.html(200, pages.taskList(snap, which, tasks, offset, num));
  }

  private static List<ObservedTask> tasks(Snapshot snap, String which) {
    return switch (which) {
      case "all" -> List.copyOf(snap.tasks().values());
      case "active" -> snap.withStatus(ObservedTask.Status.ACTIVE);
      case "finished" -> snap.withStatus(ObservedTask.Status.FINISHED);
      default -> throw HttpError.notFound("No task list '" + which + "'; use all, active or finished.");
    };
  }

  private void rawTask(Exchange x, ObservedTask t) {
    if (t.checkpoint() == null) {
      throw HttpError.notFound("The checkpoint of task " + t.taskId() + " cannot be read: " + t.error());
    }
    if ("json".equals(x.query("format"))) {
      x.json(200, JsonViews.pretty(t.checkpoint().header().config()));
    } else {
      x.html(200, pages.rawTask(t));
    }
  }

  private void logs(Exchange x) throws IOException {
    ObservedTask t = task(x.param("id"));
    String process = x.param("process");
    List<ProcessRun> runs = runs(t, process);
    int run = parseRun(x.param("run"));
    if (run < 0 || run >= runs.size()) {
      throw HttpError.notFound("Process '" + process + "' has " + runs.size() + " run(s); there is no run " + run + ".");
    }
    String stream = x.param("stream");
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      throw HttpError.notFound("Logs are 'stdout' or 'stderr', not '" + stream + "'.");
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
    x.html(200, pages.window(stream + " of " + process + " (run " + run + ")", context.toString(), self,
        download, w, length == null ? FileWindow.DEFAULT_LENGTH : length, live, following));
  }

  /** The raw checkpoint file, a window at a time (its end by default): for debugging a bad one. */
  private void checkpoint(Exchange x, ObservedTask t) throws IOException {
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
    x.html(200, pages.window("Checkpoint of " + t.taskId(), context, Html.path("checkpoint", t.taskId()),
        null, w, length == null ? FileWindow.DEFAULT_LENGTH : length));
  }

  /**
   * The log file of a run: {@code <log dir>/<process>/<run>/<stream>} inside the run directory,
   * where the log dir is the header's when it lies inside the run directory, else
   * {@code sandbox/.logs}.
   */
  private static SandboxPaths.Resolved logFile(ConfinedDirectory runDir, ObservedTask t, String process, int run,
      String stream) {
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

  /** {@code /browse}, {@code /file} and {@code /download}: the path is the rest of the URL. */
  private void sandbox(Exchange x, String kind) throws IOException {
    ObservedTask t = task(x.param("id"));
    try (ConfinedDirectory sandbox = ConfinedDirectory.open(t.location().sandbox(), "the task's sandbox")) {
      SandboxPaths.Resolved r = sandbox.resolve(List.of(x.param("path").split("/", -1)));
      switch (kind) {
        case "browse" -> {
          if (!r.directory()) {
            x.redirect(Pages.sandboxPath("file", t.taskId(), r.relative()));
            return;
          }
          x.html(200, pages.directory(t, r.relative(), sandbox.list(r)));
        }
        case "file" -> {
          if (r.directory()) {
            x.redirect(Pages.sandboxPath("browse", t.taskId(), r.relative()));
            return;
          }
          Long length = number(x, "length");
          Long offset = number(x, "offset");
          FileWindow w;
          try (SeekableByteChannel channel = sandbox.open(r)) {
            // A file opens at its start; logs open at their end.
            w = FileWindow.read(channel, offset == null ? Long.valueOf(0) : offset, length);
          }
          x.html(200, pages.window(r.relative(), "Task " + Html.a(Html.path("task", t.taskId()), t.taskId())
                  + " &middot; " + pages.breadcrumbs(t.taskId(), r.relative()),
              Pages.sandboxPath("file", t.taskId(), r.relative()),
              Pages.sandboxPath("download", t.taskId(), r.relative()), w,
              length == null ? FileWindow.DEFAULT_LENGTH : length));
        }
        default -> {
          if (r.directory()) {
            throw HttpError.badRequest("'" + r.relative() + "' is a directory; only files can be downloaded.");
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
    // The handler is blocking (Handler.Abstract's default), so streaming through an OutputStream is fine.
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      if (!x.method().equals("HEAD")) {
        Channels.newInputStream(channel).transferTo(out);
      }
    }
    x.callback().succeeded();
  }

  private Map<String, Object> taskIds() {
    Snapshot snap = discovery.snapshot();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("active", ids(snap.withStatus(ObservedTask.Status.ACTIVE)));
    m.put("finished", ids(snap.withStatus(ObservedTask.Status.FINISHED)));
    m.put("unreadable", ids(snap.withStatus(ObservedTask.Status.UNREADABLE)));
    return m;
  }

  /** Aurora's paged form: {@code /j/task_ids/<which>[/<offset>[/<num>]]}. */
  private void taskIdPage(Exchange x, String offsetText, String numText) {
    String which = x.param("which");
    List<ObservedTask> tasks = tasks(discovery.snapshot(), which);
    int offset = offsetText == null ? 0 : parseCount(offsetText, "offset");
    int num = numText == null ? 20 : parseCount(numText, "num");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", which);
    m.put("offset", offset);
    m.put("num", num);
    m.put("task_ids", ids(tasks).stream().skip(offset).limit(num).toList());
    x.json(200, JsonViews.write(m));
  }

  private Map<String, Object> taskIdCount() {
    Snapshot snap = discovery.snapshot();
    return Map.of("active", snap.count(ObservedTask.Status.ACTIVE),
        "finished", snap.count(ObservedTask.Status.FINISHED),
        "unreadable", snap.count(ObservedTask.Status.UNREADABLE));
  }

  /** {@code /j/task?task_id=<id>,<id>}: an object keyed by task id; unknown ids are left out. */
  private void jsonTasks(Exchange x) {
    String ids = x.query("task_id");
    if (ids == null) {
      throw HttpError.badRequest("Name tasks: /j/task/<task id> or /j/task?task_id=<id>,<id>.");
    }
    Snapshot snap = discovery.snapshot();
    Map<String, Object> tasks = new LinkedHashMap<>();
    for (String id : ids.split(",")) {
      snap.task(id.trim()).ifPresent(t -> tasks.put(t.taskId(), JsonViews.task(t, usage(t))));
    }
    x.json(200, JsonViews.write(tasks));
  }

  /** {@code /j/process/<id>/<process>[/<run>]}: that run (default the latest) plus all runs. */
  private void jsonProcess(Exchange x, String runText) {
    String process = x.param("process");
    List<ProcessRun> runs = runs(task(x.param("id")), process);
    Map<String, Object> m;
    if (runText != null) {
      int run = parseRun(runText);
      if (run < 0 || run >= runs.size()) {
        throw HttpError.notFound("Process '" + process + "' has no run " + runText + ".");
      }
      m = JsonViews.run(runs.get(run));
    } else if (runs.isEmpty()) {
      m = new LinkedHashMap<>(Map.of("process_name", process));
    } else {
      m = JsonViews.run(runs.get(runs.size() - 1));
    }
    m.put("runs", runs.stream().map(JsonViews::run).toList());
    x.json(200, JsonViews.write(m));
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

  private ObservedTask task(String id) {
    return discovery.snapshot().task(id).orElseThrow(() -> HttpError.notFound("No task '" + id
        + "' on this worker. It may not have started yet (the observer rescans every few seconds)"
        + " or its sandbox was garbage collected."));
  }

  private static List<ProcessRun> runs(ObservedTask t, String process) {
    if (t.checkpoint() == null) {
      throw HttpError.notFound("The checkpoint of task " + t.taskId() + " cannot be read: " + t.error());
    }
    return t.runs(process).orElseThrow(() -> HttpError.notFound("Task " + t.taskId() + " has no process '"
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
      throw HttpError.badRequest("'" + name + "' must be a whole number of bytes, got '" + v + "'.");
    }
  }

  private static int parseRun(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("The run must be a number (0 for the first run), got '" + v + "'.");
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
      throw HttpError.badRequest("'" + name + "' must be a whole number, 0 or more, got '" + v + "'.");
    }
  }
}
