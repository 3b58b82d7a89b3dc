package io.github.auroradist.observer.discovery;

import java.nio.file.Path;

/**
 * Where a checkpoint was found:
 * {@code <mesos root>/slaves/<agent>/frameworks/<framework>/executors/<executor>/runs/<run>/checkpoints/<file>}.
 */
public record TaskLocation(
    String agentId,
    String frameworkId,
    String executorId,
    String runId,
    Path runDirectory,
    Path checkpointFile) {

  /** The task's sandbox as the executor lays it out: {@code <run dir>/sandbox}. */
  public Path sandbox() {
    return runDirectory.resolve("sandbox");
  }
}
