package io.github.auroradist.executor.runner;

import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the task's and its processes' state changes: appends each to the checkpoint (if there is
 * one) and passes it to the listener. A checkpoint that cannot be written is logged, not fatal.
 */
final class StatusRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);

  private final CheckpointWriter checkpoint;
  private final RunnerListener listener;

  /** @param checkpoint where to append records, or null to keep no checkpoint */
  StatusRecorder(CheckpointWriter checkpoint, RunnerListener listener) {
    this.checkpoint = checkpoint;
    this.listener = listener == null ? RunnerListener.NONE : listener;
  }

  void task(TaskState state, String message) {
    CheckpointRecord.TaskStatus status = new CheckpointRecord.TaskStatus(state, System.currentTimeMillis(), message);
    write(status);
    listener.taskStatus(status);
  }

  void process(String process, int run, ProcessState state, Long pid, Integer rc, String message, long timeMs) {
    CheckpointRecord.ProcessStatus status = new CheckpointRecord.ProcessStatus(process, run, state, timeMs, pid,
        rc, message);
    write(status);
    listener.processStatus(status);
  }

  private void write(CheckpointRecord record) {
    if (checkpoint == null) {
      return;
    }
    try {
      checkpoint.append(record);
    } catch (IOException e) {
      LOG.warn("cannot append to checkpoint {}: {}", checkpoint.file(), e.toString());
    }
  }
}
