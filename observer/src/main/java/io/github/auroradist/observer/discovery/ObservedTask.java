package io.github.auroradist.observer.discovery;

import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import java.util.List;
import java.util.Optional;

/**
 * A task found on this worker: its checkpoint replayed, or - when the file cannot be read - the
 * reason, so one bad file shows as an error for that task instead of hiding the others.
 *
 * @param taskId the id from the header, or the file name without {@code .ckpt} when unreadable
 * @param checkpoint the replayed checkpoint; null when {@code error} is set
 * @param error why the checkpoint could not be read; null when it could
 * @param modifiedMs when the checkpoint file last changed
 */
public record ObservedTask(
    String taskId,
    TaskLocation location,
    TaskCheckpoint checkpoint,
    String error,
    long modifiedMs) {

  public enum Status { ACTIVE, FINISHED, UNREADABLE }

  public static ObservedTask readable(TaskLocation location, TaskCheckpoint checkpoint, long modifiedMs) {
    return new ObservedTask(checkpoint.taskId(), location, checkpoint, null, modifiedMs);
  }

  public static ObservedTask unreadable(String taskId, TaskLocation location, String error, long modifiedMs) {
    return new ObservedTask(taskId, location, null, error, modifiedMs);
  }

  public Optional<TaskCheckpoint> maybeCheckpoint() {
    return Optional.ofNullable(checkpoint);
  }

  public Status status() {
    if (checkpoint == null) {
      return Status.UNREADABLE;
    }
    return checkpoint.isActive() ? Status.ACTIVE : Status.FINISHED;
  }

  /** When the task was launched (header), or the file's time when unreadable; for sorting. */
  public long launchTimeMs() {
    return checkpoint != null ? checkpoint.header().launchTimeMs() : modifiedMs;
  }

  /** The runs of one process, or empty when the task has no such process. */
  public Optional<List<ProcessRun>> runs(String process) {
    if (checkpoint == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(checkpoint.processes().get(process));
  }
}
