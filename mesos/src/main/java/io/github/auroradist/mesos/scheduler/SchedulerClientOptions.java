package io.github.auroradist.mesos.scheduler;

import io.github.auroradist.mesos.http.MesosContentType;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * How the scheduler client talks to the master.
 *
 * @param contentType encoding of calls and events
 * @param initialBackoff first delay before reconnecting
 * @param maxBackoff the longest delay between reconnection attempts
 * @param missedHeartbeats how many heartbeat intervals without any event mean the connection is dead
 * @param threads makes the client's threads (the subscription and its heartbeat watchdog); the client names them
 *     and makes them daemons. A framework that cannot live without them registers them here.
 */
public record SchedulerClientOptions(
    MesosContentType contentType, Duration initialBackoff, Duration maxBackoff, int missedHeartbeats,
    ThreadFactory threads) {

  public SchedulerClientOptions {
    if (missedHeartbeats < 1) {
      throw new IllegalArgumentException("missedHeartbeats must be at least 1");
    }
  }

  public static SchedulerClientOptions defaults() {
    return new SchedulerClientOptions(MesosContentType.PROTOBUF, Duration.ofMillis(500), Duration.ofSeconds(30), 5,
        Thread::new);
  }

  public SchedulerClientOptions withContentType(MesosContentType type) {
    return new SchedulerClientOptions(type, initialBackoff, maxBackoff, missedHeartbeats, threads);
  }

  public SchedulerClientOptions withBackoff(Duration initial, Duration max) {
    return new SchedulerClientOptions(contentType, initial, max, missedHeartbeats, threads);
  }

  public SchedulerClientOptions withMissedHeartbeats(int count) {
    return new SchedulerClientOptions(contentType, initialBackoff, maxBackoff, count, threads);
  }

  public SchedulerClientOptions withThreads(ThreadFactory factory) {
    return new SchedulerClientOptions(contentType, initialBackoff, maxBackoff, missedHeartbeats, factory);
  }
}
