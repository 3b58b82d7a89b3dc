package io.github.auroradist.mesos.scheduler;

import com.google.protobuf.ByteString;
import io.github.auroradist.mesos.detect.MasterDetector;
import io.github.auroradist.mesos.http.Backoff;
import io.github.auroradist.mesos.http.MesosCallException;
import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.http.MesosHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A framework's connection to the Mesos v1 scheduler HTTP API.
 *
 * <p>One thread holds the SUBSCRIBE stream open and delivers events to the listener. When the
 * stream ends, breaks, or stays silent for {@code missedHeartbeats} heartbeat intervals, the client
 * reconnects with back-off to whichever master leads then, following 307 redirects, and
 * re-subscribes with the framework id it was given, so a framework fails over without losing its
 * tasks. Calls are sent on the caller's thread to the master of the current stream, with its
 * {@code Mesos-Stream-Id}.
 */
public final class MesosSchedulerClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MesosSchedulerClient.class);
  private static final String API_PATH = "/api/v1/scheduler";
  private static final int MAX_REDIRECTS = 5;
  private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  private final MasterDetector master;
  private final SchedulerListener listener;
  private final SchedulerClientOptions options;
  private final MesosHttp http;
  private final ScheduledExecutorService watchdog;

  private volatile FrameworkInfo framework;
  private volatile Session session;
  /** The stream being opened, before SUBSCRIBED arrives: calls wait for session, the watchdog sees both. */
  private volatile Session pendingSession;
  private volatile long lastEventNanos = System.nanoTime();
  private volatile Duration heartbeatInterval = DEFAULT_HEARTBEAT;
  private volatile boolean closed;
  /** Why the stream was dropped on purpose; reported instead of the read error that follows. */
  private volatile String abortReason;
  private Thread subscriber;

  /** The subscription calls are tied to: where the stream is open and its id. */
  private record Session(URI endpoint, String streamId, MesosHttp.EventReader<Event> events) {}

  public MesosSchedulerClient(MasterDetector master, FrameworkInfo framework, SchedulerListener listener,
      SchedulerClientOptions options) {
    this.master = master;
    this.framework = framework;
    this.listener = listener;
    this.options = options;
    this.http = new MesosHttp(options.contentType());
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> thread("mesos-scheduler-heartbeat-watchdog", r));
  }

  /** Starts subscribing in the background. Events arrive on the listener. */
  public synchronized void start() {
    if (subscriber != null) {
      throw new IllegalStateException("the scheduler client was already started");
    }
    try {
      master.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start master detection for " + master.describe(), e);
    }
    subscriber = thread("mesos-scheduler-subscriber", this::subscribeLoop);
    subscriber.start();
    watchdog.scheduleWithFixedDelay(this::checkHeartbeats, 200, 200, TimeUnit.MILLISECONDS);
  }

  private Thread thread(String name, Runnable body) {
    Thread t = options.threads().newThread(body);
    t.setName(name);
    t.setDaemon(true);
    return t;
  }

  /** The framework as it will be (re-)subscribed, with the id once Mesos assigned one. */
  public FrameworkInfo framework() {
    return framework;
  }

  /** Whether a subscribed stream is open now. */
  public boolean isSubscribed() {
    return session != null;
  }

  /** The master the current stream is open to. */
  public Optional<URI> currentMaster() {
    Session s = session;
    return s == null ? Optional.empty() : Optional.of(s.endpoint().resolve("/"));
  }

  /** Drops the current stream as if the connection broke; the client reconnects by itself. */
  public void reconnect() {
    abortStream("reconnect requested");
  }

  private void subscribeLoop() {
    Backoff backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
    while (!closed) {
      String why;
      try {
        why = subscribeOnce(backoff);
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
      boolean wasSubscribed = session != null;
      session = null;
      if (closed) {
        break;
      }
      String reason = why;
      LOG.warn("Mesos scheduler stream ended: {}", reason);
      if (wasSubscribed) {
        safely(() -> listener.disconnected(reason));
      }
      Thread.interrupted(); // clear an interrupt the watchdog used to break a blocked read
      if (!backoff.pause() && closed) {
        break;
      }
    }
  }

  /** Opens one stream and reads it until it ends; returns why it ended. */
  private String subscribeOnce(Backoff backoff) throws IOException, InterruptedException {
    Optional<URI> leader = master.leader();
    if (leader.isEmpty()) {
      return "no leading Mesos master known at " + master.describe();
    }
    URI endpoint = leader.get().resolve(API_PATH);
    Call.Builder subscribe = Call.newBuilder()
        .setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(framework));
    if (framework.hasId()) {
      subscribe.setFrameworkId(framework.getId()); // re-subscription after a reconnect or failover
    }
    lastEventNanos = System.nanoTime();
    HttpResponse<InputStream> response = null;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      response = http.openStream(endpoint, subscribe.build(), Map.of());
      if (!MesosHttp.isRedirect(response.statusCode())) {
        break;
      }
      response.body().close();
      URI next = MesosHttp.redirectTarget(endpoint, response);
      LOG.info("Mesos master {} redirected the subscription to {}", endpoint, next);
      endpoint = next;
    }
    if (response.statusCode() != 200) {
      String message = MesosHttp.refusal("SUBSCRIBE", endpoint, response);
      if (response.statusCode() >= 400 && response.statusCode() < 500) {
        safely(() -> listener.error(message));
      }
      return message;
    }
    String streamId = response.headers().firstValue(MesosContentType.STREAM_ID).orElse(null);
    if (streamId == null) {
      response.body().close();
      return "the master at " + endpoint + " sent no " + MesosContentType.STREAM_ID + " header";
    }
    try (MesosHttp.EventReader<Event> events = MesosHttp.events(response, Event.getDefaultInstance())) {
      Session pending = new Session(endpoint, streamId, events);
      pendingSession = pending;
      while (!closed) {
        Event event = events.next();
        if (event == null) {
          return "the master closed the stream";
        }
        lastEventNanos = System.nanoTime();
        if (event.getType() == Event.Type.SUBSCRIBED) {
          backoff.reset();
          session = pending;
        }
        dispatch(event);
      }
      return "client closed";
    } finally {
      pendingSession = null;
    }
  }

  private void dispatch(Event event) {
    switch (event.getType()) {
      case SUBSCRIBED -> {
        Event.Subscribed subscribed = event.getSubscribed();
        framework = framework.toBuilder().setId(subscribed.getFrameworkId()).build();
        heartbeatInterval = subscribed.hasHeartbeatIntervalSeconds()
            ? Duration.ofMillis((long) (subscribed.getHeartbeatIntervalSeconds() * 1000))
            : DEFAULT_HEARTBEAT;
        LOG.info("Subscribed to Mesos as framework {} (heartbeat every {})",
            subscribed.getFrameworkId().getValue(), heartbeatInterval);
        safely(() -> listener.subscribed(subscribed.getFrameworkId(), heartbeatInterval, subscribed.getMasterInfo()));
      }
      case OFFERS -> safely(() -> listener.offers(event.getOffers().getOffersList()));
      case RESCIND -> safely(() -> listener.rescind(event.getRescind().getOfferId()));
      case UPDATE -> safely(() -> listener.update(event.getUpdate().getStatus()));
      case FAILURE -> safely(() -> listener.failure(event.getFailure()));
      case ERROR -> {
        LOG.error("Mesos master reported an error: {}", event.getError().getMessage());
        safely(() -> listener.error(event.getError().getMessage()));
      }
      case HEARTBEAT -> safely(listener::heartbeat);
      default -> LOG.debug("Ignoring Mesos event {}", event.getType());
    }
  }

  private void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      LOG.error("Scheduler listener failed", e);
    }
  }

  private void checkHeartbeats() {
    try {
      dropSilentStream();
    } catch (RuntimeException e) {
      // A periodic job that throws is never run again: a silent stream would then hang for good.
      LOG.error("Checking the Mesos event stream failed", e);
    }
  }

  private void dropSilentStream() {
    if (closed) {
      return;
    }
    Duration limit = heartbeatInterval.multipliedBy(options.missedHeartbeats());
    long silentNanos = System.nanoTime() - lastEventNanos;
    if ((session != null || pendingSession != null) && silentNanos > limit.toNanos()) {
      abortStream("no event for " + Duration.ofNanos(silentNanos).toMillis() + " ms (" + options.missedHeartbeats()
          + " heartbeat intervals of " + heartbeatInterval + ")");
    }
  }

  private void abortStream(String why) {
    Session s = session != null ? session : pendingSession;
    if (s == null) {
      return;
    }
    LOG.warn("Dropping the Mesos event stream: {}", why);
    abortReason = why;
    lastEventNanos = System.nanoTime();
    s.events().close();
    Thread t = subscriber;
    if (t != null) {
      t.interrupt();
    }
  }

  // ---- Calls ----

  public void launch(OfferID offer, List<TaskInfo> tasks, Filters filters) {
    Offer.Operation launch = Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.LAUNCH)
        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks))
        .build();
    accept(List.of(offer), List.of(launch), filters);
  }

  public void accept(List<OfferID> offers, List<Offer.Operation> operations, Filters filters) {
    send(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addAllOfferIds(offers).addAllOperations(operations).setFilters(filters)));
  }

  public void decline(List<OfferID> offers, Filters filters) {
    send(Call.newBuilder().setType(Call.Type.DECLINE)
        .setDecline(Call.Decline.newBuilder().addAllOfferIds(offers).setFilters(filters)));
  }

  public void revive() {
    send(Call.newBuilder().setType(Call.Type.REVIVE));
  }

  public void suppress() {
    send(Call.newBuilder().setType(Call.Type.SUPPRESS));
  }

  public void kill(TaskID task, AgentID agent) {
    Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(task);
    if (agent != null) {
      kill.setAgentId(agent);
    }
    send(Call.newBuilder().setType(Call.Type.KILL).setKill(kill));
  }

  public void acknowledge(AgentID agent, TaskID task, ByteString uuid) {
    send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
        .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(agent).setTaskId(task).setUuid(uuid)));
  }

  /** Explicit reconciliation of the named tasks; an empty list asks for every task (implicit). */
  public void reconcile(List<Call.Reconcile.Task> tasks) {
    send(Call.newBuilder().setType(Call.Type.RECONCILE)
        .setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks)));
  }

  /** Removes the framework from Mesos: every task is killed. The client then stops. */
  public void teardown() {
    send(Call.newBuilder().setType(Call.Type.TEARDOWN));
    close();
  }

  /**
   * Sends a call on the current subscription.
   *
   * @throws MesosCallException when not subscribed, or the master refused the call
   */
  public void send(Call.Builder call) {
    Session s = session;
    if (s == null) {
      throw new MesosCallException("not subscribed to a Mesos master; " + call.getType() + " was not sent", -1);
    }
    call.setFrameworkId(framework.getId());
    HttpResponse<byte[]> response;
    try {
      response = http.call(s.endpoint(), call.build(), Map.of(MesosContentType.STREAM_ID, s.streamId()));
    } catch (IOException e) {
      throw new MesosCallException(call.getType() + " to " + s.endpoint() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MesosCallException(call.getType() + " was interrupted", e);
    }
    int status = response.statusCode();
    if (status != 202 && status != 200) {
      throw new MesosCallException(call.getType() + " to " + s.endpoint() + " was refused with HTTP " + status
          + ": " + MesosHttp.bodyText(response.body()), status);
    }
  }

  @Override
  public void close() {
    closed = true;
    watchdog.shutdownNow();
    Session s = session != null ? session : pendingSession;
    if (s != null) {
      s.events().close();
    }
    Thread t;
    synchronized (this) {
      t = subscriber;
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    master.close();
  }
}
