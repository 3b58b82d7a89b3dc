package io.github.auroradist.mesos.stream;

import com.google.protobuf.Message;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What one Mesos v1 client (scheduler or executor) tells its {@link EventSubscription}: where and
 * how to subscribe, and what to do with events and with the end of a stream. Called on the
 * subscription's thread, except {@link #tooSilent}, which its watchdog asks.
 *
 * @param <E> the API's event message
 */
public interface StreamHandler<E extends Message> {
  /**
   * The server to subscribe to now (the API's path is added to it).
   *
   * @throws IOException saying why there is nowhere to subscribe (the attempt ends with that reason)
   */
  URI endpoint() throws IOException;

  /** The SUBSCRIBE call, built afresh for each attempt. */
  Message subscribeCall();

  /** One event of the stream, in order; the stream is already {@code subscribed} when SUBSCRIBED arrives. */
  void event(E event);

  /** The server refused SUBSCRIBE with this (non-redirect, non-200) status; the attempt then ends. */
  default void refused(int status, String message) {}

  /**
   * The stream ended, or an attempt to open one failed.
   *
   * @param wasSubscribed whether SUBSCRIBED had arrived on that stream
   * @return whether to try again after the back-off; false stops the subscription for good
   */
  boolean ended(String reason, boolean wasSubscribed);

  /**
   * Asked every 200 ms while a stream is open on an API with heartbeats: the reason to drop a
   * stream that has been silent for {@code silentFor}, or empty to keep it.
   */
  default Optional<String> tooSilent(Duration silentFor) {
    return Optional.empty();
  }
}
