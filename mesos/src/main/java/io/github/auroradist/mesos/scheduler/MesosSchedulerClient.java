package io.github.auroradist.mesos.scheduler;

import com.google.protobuf.ByteString;
import io.github.auroradist.mesos.detect.MasterDetector;
import io.github.auroradist.mesos.http.Backoff;
import io.github.auroradist.mesos.http.MesosCallException;
import io.github.auroradist.mesos.http.MesosHttp;
import io.github.auroradist.mesos.stream.EventSubscription;
import io.github.auroradist.mesos.stream.MesosApi;
import io.github.auroradist.mesos.stream.StreamHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * {@code Mesos-Stream-Id}. The stream itself is an {@link EventSubscription}.
 */
public final class MesosSchedulerClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MesosSchedulerClient.class);
  private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  private final MasterDetector master;
  private final SchedulerListener listener;
  private final SchedulerClientOptions options;
  private final MesosHttp http;
  private final EventSubscription<Event> stream;

  private volatile FrameworkInfo framework;
  private volatile Duration heartbeatInterval = DEFAULT_HEARTBEAT;
  private boolean started;

  public MesosSchedulerClient(MasterDetector master, FrameworkInfo framework, SchedulerListener listener,
      SchedulerClientOptions options) {
    this.master = master;
    this.framework = framework;
    this.listener = listener;
    this.options = options;
    this.http = new MesosHttp(options.contentType());
    this.stream = new EventSubscription<>(MesosApi.SCHEDULER, http, Event.getDefaultInstance(),
        new Backoff(options.initialBackoff(), options.maxBackoff()), new Handler(), options.threads());
  }

  /** Starts subscribing in the background. Events arrive on the listener. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the scheduler client was already started");
    }
    try {
      master.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start master detection for " + master.describe(), e);
    }
    started = true;
    stream.start();
  }

  /** The framework as it will be (re-)subscribed, with the id once Mesos assigned one. */
  public FrameworkInfo framework() {
    return framework;
  }

  /** Whether a subscribed stream is open now. */
  public boolean isSubscribed() {
    return stream.isSubscribed();
  }

  /** The master the current stream is open to. */
  public Optional<URI> currentMaster() {
    return stream.session().map(s -> s.endpoint().resolve("/"));
  }

  /** Drops the current stream as if the connection broke; the client reconnects by itself. */
  public void reconnect() {
    stream.abort("reconnect requested");
  }

  /** The scheduler API's side of the stream. */
  private final class Handler implements StreamHandler<Event> {
    @Override
    public URI endpoint() throws IOException {
      return master.leader()
          .orElseThrow(() -> new IOException("no leading Mesos master known at " + master.describe()));
    }

    @Override
    public Call subscribeCall() {
      Call.Builder subscribe = Call.newBuilder()
          .setType(Call.Type.SUBSCRIBE)
          .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(framework));
      if (framework.hasId()) {
        subscribe.setFrameworkId(framework.getId()); // re-subscription after a reconnect or failover
      }
      return subscribe.build();
    }

    @Override
    public void event(Event event) {
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
        case INVERSE_OFFERS -> safely(() -> listener.inverseOffers(event.getInverseOffers().getInverseOffersList()));
        case RESCIND_INVERSE_OFFER -> safely(() ->
            listener.rescindInverseOffer(event.getRescindInverseOffer().getInverseOfferId()));
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

    @Override
    public void refused(int status, String message) {
      if (status >= 400 && status < 500) {
        safely(() -> listener.error(message));
      }
    }

    @Override
    public boolean ended(String reason, boolean wasSubscribed) {
      LOG.warn("Mesos scheduler stream ended: {}", reason);
      if (wasSubscribed) {
        safely(() -> listener.disconnected(reason));
      }
      return true;
    }

    @Override
    public Optional<String> tooSilent(Duration silentFor) {
      Duration limit = heartbeatInterval.multipliedBy(options.missedHeartbeats());
      if (silentFor.compareTo(limit) <= 0) {
        return Optional.empty();
      }
      return Optional.of("no event for " + silentFor.toMillis() + " ms (" + options.missedHeartbeats()
          + " heartbeat intervals of " + heartbeatInterval + ")");
    }
  }

  private void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      LOG.error("Scheduler listener failed", e);
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

  /** Tells Mesos the framework will be off the inverse offers' agents in time (maintenance). */
  public void acceptInverseOffers(List<OfferID> inverseOffers, Filters filters) {
    send(Call.newBuilder().setType(Call.Type.ACCEPT_INVERSE_OFFERS).setAcceptInverseOffers(
        Call.AcceptInverseOffers.newBuilder().addAllInverseOfferIds(inverseOffers).setFilters(filters)));
  }

  /** Tells Mesos the framework cannot leave the inverse offers' agents in time. */
  public void declineInverseOffers(List<OfferID> inverseOffers, Filters filters) {
    send(Call.newBuilder().setType(Call.Type.DECLINE_INVERSE_OFFERS).setDeclineInverseOffers(
        Call.DeclineInverseOffers.newBuilder().addAllInverseOfferIds(inverseOffers).setFilters(filters)));
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
    EventSubscription.Session s = stream.session().orElseThrow(() -> new MesosCallException(
        "not subscribed to a Mesos master; " + call.getType() + " was not sent", -1));
    call.setFrameworkId(framework.getId());
    HttpResponse<byte[]> response;
    try {
      response = http.call(s.endpoint(), call.build(), s.headers());
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
    stream.close();
    master.close();
  }
}
