package io.github.auroradist.observer.http;

import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.observer.discovery.ObservedTask;
import io.github.auroradist.observer.discovery.Snapshot;
import io.github.auroradist.observer.pages.Pages;

/** The task lists, a task, its configuration and a process. */
final class TaskPages {
  private final ObservedTasks tasks;
  private final Pages pages;

  TaskPages(ObservedTasks tasks, Pages pages) {
    this.tasks = tasks;
    this.pages = pages;
  }

  /** {@code /main/<all|active|finished>[/<offset>[/<num>]]}, as Aurora pages its lists. */
  void list(Exchange x, String which, String offset, String num) {
    Snapshot snap = tasks.snapshot();
    int from = RequestValues.count(offset, "offset", 0);
    int size = RequestValues.count(num, "num", Pages.PAGE_SIZE);
    if (size == 0) {
      throw HttpError.badRequest("'num' must be 1 or more.");
    }
    x.html(200, pages.taskList(snap, which, ObservedTasks.list(snap, which), from, size));
  }

  void task(Exchange x) {
    ObservedTask t = tasks.task(x.param("id"));
    x.html(200, pages.task(t, tasks.usage(t)));
  }

  /** The bound configuration the executor ran; {@code ?format=json} for the JSON itself. */
  void rawTask(Exchange x) {
    ObservedTask t = tasks.task(x.param("id"));
    if (t.checkpoint() == null) {
      throw HttpError.notFound("The checkpoint of task " + t.taskId() + " cannot be read: " + t.error());
    }
    if ("json".equals(x.query("format"))) {
      x.json(200, JsonViews.pretty(Checkpoints.configTree(t.checkpoint().header())));
    } else {
      x.html(200, pages.rawTask(t, JsonViews.pretty(Checkpoints.configTree(t.checkpoint().header()))));
    }
  }

  void process(Exchange x) {
    ObservedTask t = tasks.task(x.param("id"));
    String process = x.param("process");
    x.html(200, pages.process(t, process, ObservedTasks.runs(t, process)));
  }
}
