package io.github.auroradist.executor.runner;

import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;

/** Hears every state change a task runner records (the same records it checkpoints). */
public interface RunnerListener {
  default void processStatus(CheckpointRecord.ProcessStatus status) {}

  default void taskStatus(CheckpointRecord.TaskStatus status) {}

  RunnerListener NONE = new RunnerListener() {};
}
