package io.github.auroradist.common.thermos.checkpoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's state rebuilt from its checkpoint file: the header, the current task state with its
 * history, and every run of every process in order (the last run is the current one).
 */
public record TaskCheckpoint(
    CheckpointRecord.Header header,
    TaskState state,
    List<CheckpointRecord.TaskStatus> history,
    Map<String, List<ProcessRun>> processes,
    int records,
    boolean tornTail) {

  public String taskId() {
    return header.taskId();
  }

  public boolean isActive() {
    return state == null || !state.isTerminal();
  }

  public Optional<ProcessRun> latestRun(String process) {
    List<ProcessRun> runs = processes.get(process);
    return runs == null || runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
  }

  /** When the task reached its current state, if recorded. */
  public Optional<Long> stateTimeMs() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1).timeMs());
  }
}
