package io.github.auroradist.observer.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.observer.discovery.ObservedTask;
import io.github.auroradist.observer.discovery.Snapshot;
import io.github.auroradist.observer.resources.ResourceUsage;
import io.github.auroradist.observer.sandbox.SandboxPaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The observer's HTML pages, rendered from the jte templates in {@code src/main/jte} (compiled at
 * build time; every value is escaped for where it appears). One typed method per page, so the
 * templates' parameters are only ever filled here.
 */
public final class Pages {
  /** Tasks per page of a task list. */
  public static final int PAGE_SIZE = 100;
  /** Entries shown of one sandbox directory; more would make a page nobody can use. */
  public static final int MAX_LISTED = 5000;
  /** Seconds between reloads of a followed log. */
  public static final int FOLLOW_SECS = 5;
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null, ContentType.Html,
      Pages.class.getClassLoader(), "io.github.auroradist.observer.pages.jte");

  private final String host;

  public Pages(String host) {
    this.host = host;
  }

  public String error(int status, String message) {
    return render("error", Map.of("status", status, "message", message));
  }

  /** One page ({@code offset}, {@code num}) of one of the task lists ({@code which}). */
  public String taskList(Snapshot snapshot, String which, List<ObservedTask> all, int offset, int num) {
    List<ObservedTask> shown = all.stream().skip(offset).limit(num).toList();
    Map<String, Object> params = new HashMap<>();
    params.put("snapshot", snapshot);
    params.put("which", which);
    params.put("title", switch (which) {
      case "active" -> "Active tasks";
      case "finished" -> "Finished tasks";
      default -> "All tasks";
    });
    params.put("tasks", shown);
    params.put("offset", offset);
    params.put("total", all.size());
    params.put("previous", offset > 0 ? Links.path("main", which, Integer.toString(Math.max(0, offset - num)),
        Integer.toString(num)) : null);
    params.put("next", all.size() > offset + num ? Links.path("main", which, Integer.toString(offset + num),
        Integer.toString(num)) : null);
    return render("tasks", params);
  }

  public String task(ObservedTask t, ResourceUsage usage) {
    Map<String, Object> params = new HashMap<>();
    params.put("task", t);
    params.put("ports", t.checkpoint() == null ? Map.of() : new TreeMap<>(t.checkpoint().header().ports()));
    params.put("resources", t.checkpoint() == null ? null : ResourceRows.of(t.checkpoint(), usage));
    return render("task", params);
  }

  public String process(ObservedTask t, String process, List<ProcessRun> runs) {
    Map<String, Object> params = new HashMap<>();
    params.put("task", t);
    params.put("process", process);
    params.put("cmdline", cmdline(t, process));
    List<ProcessRun> newestFirst = new ArrayList<>(runs);
    Collections.reverse(newestFirst);
    params.put("runs", newestFirst);
    return render("process", params);
  }

  /** The bound task configuration, {@code json} already pretty-printed. */
  public String rawTask(ObservedTask t, String json) {
    return render("rawtask", Map.of("task", t, "json", json));
  }

  public String directory(ObservedTask t, String relative, List<SandboxPaths.Entry> entries) {
    Map<String, Object> params = new HashMap<>();
    params.put("task", t);
    params.put("relative", relative);
    String parent = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/')) : "";
    params.put("parent", relative.isEmpty() ? null : Links.sandbox("browse", t.taskId(), parent));
    params.put("entries", entries.size() > MAX_LISTED ? entries.subList(0, MAX_LISTED) : entries);
    params.put("hidden", Math.max(0, entries.size() - MAX_LISTED));
    return render("directory", params);
  }

  /** A window of a sandbox file. */
  public String file(ObservedTask t, String relative, Window window) {
    return render("file", Map.of("task", t, "relative", relative, "window", window));
  }

  /**
   * A window of a process's log.
   *
   * @param older the log's rotated parts ({@code stdout.1}, ...)
   */
  public String log(ObservedTask t, ProcessRun run, String stream, Window window, List<Link> older) {
    return render("log", Map.of("task", t, "run", run, "stream", stream, "window", window, "older", older));
  }

  public String checkpoint(ObservedTask t, Window window) {
    return render("checkpoint", Map.of("task", t, "window", window));
  }

  private String render(String template, Map<String, Object> params) {
    Map<String, Object> all = new HashMap<>(params);
    all.put("host", host);
    StringOutput out = new StringOutput();
    TEMPLATES.render(template + ".jte", all, out);
    return out.toString();
  }

  /** The process's bound command line from the task configuration in the header, if present. */
  private static String cmdline(ObservedTask t, String process) {
    var config = Checkpoints.configTree(t.checkpoint().header());
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
}
