package io.github.auroradist.observer.http;

import io.github.auroradist.http.Exchange;
import io.github.auroradist.observer.discovery.ObservedTask;
import io.github.auroradist.observer.discovery.Snapshot;
import io.github.auroradist.observer.discovery.TaskDiscovery;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /vars} and {@code /vars.json}: Aurora's counters, one {@code name value} a line. */
final class Vars {
  private final TaskDiscovery discovery;
  private final Path mesosRoot;
  private final long startedMs = System.currentTimeMillis();

  Vars(TaskDiscovery discovery, Path mesosRoot) {
    this.discovery = discovery;
    this.mesosRoot = mesosRoot;
  }

  void text(Exchange x) {
    StringBuilder b = new StringBuilder();
    values().forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
    x.text(200, b.toString());
  }

  void json(Exchange x) {
    x.json(200, JsonViews.write(values()));
  }

  private Map<String, Object> values() {
    Snapshot snap = discovery.snapshot();
    Runtime rt = Runtime.getRuntime();
    long now = System.currentTimeMillis();
    int torn = (int) snap.tasks().values().stream()
        .filter(t -> t.checkpoint() != null && t.checkpoint().tornTail()).count();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("observer_uptime_secs", (now - startedMs) / 1000);
    v.put("observer_mesos_root", mesosRoot.toString());
    long intervalMs = discovery.interval().toMillis();
    // Whole seconds as an integer (the cast keeps the ternary from widening it to a double).
    v.put("observer_polling_interval_secs",
        intervalMs % 1000 == 0 ? (Object) (intervalMs / 1000) : intervalMs / 1000.0);
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
}
