package io.github.auroradist.emulator.master;

import java.time.Duration;
import java.time.Instant;
import org.apache.mesos.v1.Protos.TaskStatus;

/** A status update sent to a framework and not yet acknowledged; re-sent after a growing backoff. */
final class PendingUpdate {
  final TaskStatus status;
  Instant sentAt;
  Duration backoff;

  PendingUpdate(TaskStatus status, Duration backoff) {
    this.status = status;
    this.backoff = backoff;
  }
}
