package io.github.auroradist.observer.discovery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one scan of the Mesos work directory found. Immutable: the pages read whichever
 * snapshot is current while the next scan builds a new one.
 *
 * @param tasks by task id, newest launch first
 * @param scanNumber 1 for the first scan; 0 for the empty snapshot before any scan
 * @param scanTimeMs when the scan finished
 * @param scanDurationMs how long the scan took
 * @param problems directories or files the scan could not read (not checkpoint contents)
 * @param duplicateTaskIds checkpoints skipped because another run directory had the same task id
 */
public record Snapshot(
    Map<String, ObservedTask> tasks,
    long scanNumber,
    long scanTimeMs,
    long scanDurationMs,
    List<String> problems,
    int duplicateTaskIds) {

  public static final Snapshot EMPTY = new Snapshot(Map.of(), 0, 0, 0, List.of(), 0);

  public Snapshot {
    tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    problems = List.copyOf(problems);
  }

  public Optional<ObservedTask> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  public List<ObservedTask> withStatus(ObservedTask.Status status) {
    return tasks.values().stream().filter(t -> t.status() == status).toList();
  }

  public long count(ObservedTask.Status status) {
    return tasks.values().stream().filter(t -> t.status() == status).count();
  }
}
