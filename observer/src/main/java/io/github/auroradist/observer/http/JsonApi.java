package io.github.auroradist.observer.http;

import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.observer.discovery.ObservedTask;
import io.github.auroradist.observer.discovery.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /j/...}: task ids, tasks and processes as JSON (shapes in {@link JsonViews}, docs/observer.md). */
final class JsonApi {
  /** Ids per page of Aurora's paged {@code /j/task_ids/<which>}. */
  static final int PAGE_SIZE = 20;
  private final ObservedTasks tasks;

  JsonApi(ObservedTasks tasks) {
    this.tasks = tasks;
  }

  void taskIds(Exchange x) {
    Snapshot snap = tasks.snapshot();
    Map<String, Object> m = new LinkedHashMap<>();
    for (ObservedTask.Status status : ObservedTask.Status.values()) {
      m.put(status.name().toLowerCase(Locale.ROOT), ids(snap.withStatus(status)));
    }
    x.json(200, JsonViews.write(m));
  }

  /** Aurora's paged form: {@code /j/task_ids/<which>[/<offset>[/<num>]]}. */
  void taskIdPage(Exchange x, String offset, String num) {
    String which = x.param("which");
    int from = RequestValues.count(offset, "offset", 0);
    int size = RequestValues.count(num, "num", PAGE_SIZE);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", which);
    m.put("offset", from);
    m.put("num", size);
    m.put("task_ids", ids(ObservedTasks.list(tasks.snapshot(), which)).stream().skip(from).limit(size).toList());
    x.json(200, JsonViews.write(m));
  }

  void taskIdCount(Exchange x) {
    Snapshot snap = tasks.snapshot();
    Map<String, Object> m = new LinkedHashMap<>();
    for (ObservedTask.Status status : ObservedTask.Status.values()) {
      m.put(status.name().toLowerCase(Locale.ROOT), snap.count(status));
    }
    x.json(200, JsonViews.write(m));
  }

  void task(Exchange x) {
    ObservedTask t = tasks.task(x.param("id"));
    x.json(200, JsonViews.write(JsonViews.task(t, tasks.usage(t))));
  }

  /** {@code /j/task?task_id=<id>,<id>}: an object keyed by task id; unknown ids are left out. */
  void tasks(Exchange x) {
    String ids = x.query("task_id");
    if (ids == null) {
      throw HttpError.badRequest("Name tasks: /j/task/<task id> or /j/task?task_id=<id>,<id>.");
    }
    Snapshot snap = tasks.snapshot();
    Map<String, Object> m = new LinkedHashMap<>();
    for (String id : ids.split(",", -1)) {
      snap.task(id.trim()).ifPresent(t -> m.put(t.taskId(), JsonViews.task(t, tasks.usage(t))));
    }
    x.json(200, JsonViews.write(m));
  }

  /** {@code /j/process/<id>/<process>[/<run>]}: that run (by default the latest) plus all runs. */
  void process(Exchange x, String run) {
    ObservedTask t = tasks.task(x.param("id"));
    String process = x.param("process");
    List<ProcessRun> runs = ObservedTasks.runs(t, process);
    Map<String, Object> m;
    if (run != null) {
      m = JsonViews.run(ObservedTasks.run(t, process, run));
    } else if (runs.isEmpty()) {
      m = new LinkedHashMap<>(Map.of("process_name", process));
    } else {
      m = JsonViews.run(runs.get(runs.size() - 1));
    }
    m.put("runs", runs.stream().map(JsonViews::run).toList());
    x.json(200, JsonViews.write(m));
  }

  private static List<String> ids(List<ObservedTask> list) {
    return list.stream().map(ObservedTask::taskId).toList();
  }
}
