package io.github.auroradist.mesos.stream;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.github.auroradist.mesos.http.Backoff;
import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.http.MesosHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loop behind both Mesos v1 clients: a thread subscribes, follows redirects, reads the
 * RecordIO event stream and hands each event to its {@link StreamHandler}; when the stream ends or
 * breaks it asks the handler whether to go on and subscribes again after a back-off (reset by each
 * SUBSCRIBED). For an API with heartbeats a watchdog drops a stream the handler finds too silent.
 *
 * @param <E> the API's event message
 */
public final class EventSubscription<E extends Message> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);
  private static final int MAX_REDIRECTS = 5;
  private static final long WATCH_EVERY_MS = 200;

  /**
   * The stream calls are tied to: where it is open, and its id when the API names streams.
   */
  public record Session(URI endpoint, Optional<String> streamId) {
    /** The headers a call on this stream carries. */
    public Map<String, String> headers() {
      return streamId.map(id -> Map.of(MesosContentType.STREAM_ID, id)).orElse(Map.of());
    }
  }

  private record OpenStream(Session session, MesosHttp.EventReader<?> events) {}

  private final MesosApi api;
  private final MesosHttp http;
  private final E prototype;
  private final Backoff backoff;
  private final StreamHandler<E> handler;
  private final ThreadFactory threads;

  /** The stream once SUBSCRIBED arrived on it. */
  private volatile OpenStream subscribed;
  /** The stream being read, SUBSCRIBED or not: close() and the watchdog reach it here. */
  private volatile OpenStream open;
  private volatile long lastEventNanos = System.nanoTime();
  private volatile boolean closed;
  /** Why the stream was dropped on purpose; reported instead of the read error that follows. */
  private volatile String abortReason;
  private volatile Thread thread;
  private ScheduledExecutorService watchdog;

  /**
   * @param prototype the API's event default instance, to decode events
   * @param backoff the pause between attempts
   * @param threads makes the subscription's thread and its watchdog (named and made daemons here), so that a
   *     program that cannot live without them can watch them
   */
  public EventSubscription(MesosApi api, MesosHttp http, E prototype, Backoff backoff, StreamHandler<E> handler,
      ThreadFactory threads) {
    this.api = api;
    this.http = http;
    this.prototype = prototype;
    this.backoff = backoff;
    this.handler = handler;
    this.threads = threads;
  }

  private Thread thread(String name, Runnable body) {
    Thread t = threads.newThread(body);
    t.setName(name);
    t.setDaemon(true);
    return t;
  }

  /** Starts subscribing on a thread of its own. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the " + api.name().toLowerCase(Locale.ROOT) + " client was already started");
    }
    Thread t = thread(api.threadName(), this::run);
    thread = t;
    t.start();
    if (api.heartbeats()) {
      watchdog = Executors.newSingleThreadScheduledExecutor(r -> thread(api.threadName() + "-watchdog", r));
      // The future is not kept: checkSilence reports its own failures, and close() shuts the executor down.
      var unused = watchdog.scheduleWithFixedDelay(
          this::checkSilence, WATCH_EVERY_MS, WATCH_EVERY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** The subscribed stream, if there is one now. */
  public Optional<Session> session() {
    OpenStream s = subscribed;
    return s == null ? Optional.empty() : Optional.of(s.session());
  }

  public boolean isSubscribed() {
    return subscribed != null;
  }

  /** Drops the open stream as if it broke, reporting {@code why}; the loop subscribes again. */
  public void abort(String why) {
    OpenStream s = subscribed != null ? subscribed : open;
    if (s == null) {
      return;
    }
    LOG.warn("Dropping the Mesos event stream: {}", why);
    abortReason = why;
    lastEventNanos = System.nanoTime();
    s.events().close();
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void run() {
    while (!closed) {
      String why;
      try {
        why = subscribeOnce();
      } catch (InterruptedException e) {
        why = "stream interrupted";
      } catch (IOException | RuntimeException e) {
        why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      String aborted = abortReason;
      if (aborted != null) {
        why = aborted;
        abortReason = null;
      }
      boolean wasSubscribed = subscribed != null;
      subscribed = null;
      if (closed) {
        break;
      }
      Thread.interrupted(); // clear an interrupt that broke a blocked read
      if (!handler.ended(why, wasSubscribed)) {
        closed = true;
        break;
      }
      if (!backoff.pause() && closed) {
        break;
      }
    }
  }

  /** Opens one stream and reads it until it ends; returns why it ended. */
  private String subscribeOnce() throws IOException, InterruptedException {
    URI endpoint = handler.endpoint().resolve(api.path());
    Message call = handler.subscribeCall();
    lastEventNanos = System.nanoTime();
    HttpResponse<InputStream> response = null;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      response = http.openStream(endpoint, call, Map.of());
      if (!MesosHttp.isRedirect(response.statusCode())) {
        break;
      }
      response.body().close();
      URI next = MesosHttp.redirectTarget(endpoint, response);
      LOG.info("Mesos {} {} redirected the subscription to {}", api.server(), endpoint, next);
      endpoint = next;
    }
    if (response.statusCode() != 200) {
      String message = MesosHttp.refusal("SUBSCRIBE", endpoint, response);
      handler.refused(response.statusCode(), message);
      return message;
    }
    Optional<String> streamId = response.headers().firstValue(MesosContentType.STREAM_ID);
    if (api.streamIds() && streamId.isEmpty()) {
      response.body().close();
      return "the " + api.server() + " at " + endpoint + " sent no " + MesosContentType.STREAM_ID + " header";
    }
    try (MesosHttp.EventReader<E> events = MesosHttp.events(response, prototype)) {
      OpenStream stream = new OpenStream(new Session(endpoint, streamId), events);
      open = stream;
      while (!closed) {
        E event = events.next();
        if (event == null) {
          return "the " + api.server() + " closed the stream";
        }
        lastEventNanos = System.nanoTime();
        if (isSubscribed(event)) {
          backoff.reset();
          subscribed = stream;
        }
        handler.event(event);
      }
      return "client closed";
    } finally {
      open = null;
    }
  }

  /** Both APIs' events have a {@code type}; SUBSCRIBED is the first event of a usable stream. */
  private static boolean isSubscribed(Message event) {
    FieldDescriptor type = event.getDescriptorForType().findFieldByName("type");
    return type != null && event.hasField(type)
        && ((EnumValueDescriptor) event.getField(type)).getName().equals("SUBSCRIBED");
  }

  /** Never throws: a periodic task that throws is never run again, which would end the watch silently. */
  private void checkSilence() {
    if (closed || (subscribed == null && open == null)) {
      return;
    }
    try {
      handler.tooSilent(Duration.ofNanos(System.nanoTime() - lastEventNanos)).ifPresent(this::abort);
    } catch (RuntimeException e) {
      // A periodic job that throws is never run again: a silent stream would then hang for good.
      LOG.error("The {} stream's silence check failed; checking again in {} ms", api.server(), WATCH_EVERY_MS, e);
    }
  }

  /** Stops for good: the stream is closed and the thread ended (waiting up to 5 s for it). */
  @Override
  public void close() {
    closed = true;
    ScheduledExecutorService w;
    synchronized (this) {
      w = watchdog;
    }
    if (w != null) {
      w.shutdownNow();
    }
    OpenStream s = subscribed != null ? subscribed : open;
    if (s != null) {
      s.events().close();
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
