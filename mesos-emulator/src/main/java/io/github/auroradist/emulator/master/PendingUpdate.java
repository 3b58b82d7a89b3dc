package io.github.auroradist.emulator.master;

import io.github.auroradist.mesos.http.MesosContentType;
import java.time.Duration;
import java.time.Instant;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** A status update sent to a framework and not yet acknowledged; re-sent after a growing backoff. */
final class PendingUpdate {
  final TaskStatus status;
  Instant sentAt;
  Duration backoff;
  /** The UPDATE event as last encoded, and for which content type: a re-send does not encode it again. */
  private byte[] encoded;
  private MesosContentType encodedAs;

  PendingUpdate(TaskStatus status, Duration backoff) {
    this.status = status;
    this.backoff = backoff;
  }

  /** The UPDATE event carrying this status, in the framework's content type. */
  byte[] event(MesosContentType type) {
    if (encoded == null || encodedAs != type) {
      encoded = type.encode(Event.newBuilder().setType(Event.Type.UPDATE)
          .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
      encodedAs = type;
    }
    return encoded;
  }
}
