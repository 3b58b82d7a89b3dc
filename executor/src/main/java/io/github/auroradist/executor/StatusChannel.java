package io.github.auroradist.executor;

import org.apache.mesos.v1.Protos.TaskStatus;

/** Where the executor sends status updates: the agent, through the Mesos executor API. */
public interface StatusChannel {
  void update(TaskStatus status);

  /** Whether the agent has acknowledged every update sent so far. */
  boolean allAcknowledged();
}
