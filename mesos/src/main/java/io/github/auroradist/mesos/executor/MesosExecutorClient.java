package io.github.auroradist.mesos.executor;

import com.google.protobuf.ByteString;
import io.github.auroradist.mesos.http.Backoff;
import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.http.MesosHttp;
import io.github.auroradist.mesos.stream.EventSubscription;
import io.github.auroradist.mesos.stream.MesosApi;
import io.github.auroradist.mesos.stream.StreamHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor's connection to its agent through the Mesos v1 executor HTTP API.
 *
 * <p>Status updates are kept until the agent acknowledges them and are handed back on every
 * re-subscription, as are launched tasks with no acknowledged update, so nothing is lost when the
 * agent restarts. When the agent stays unreachable for the recovery timeout (or at once, when the
 * framework does not checkpoint) the listener is told to shut down. The stream itself is an
 * {@link EventSubscription}.
 */
public final class MesosExecutorClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MesosExecutorClient.class);
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

  private final ExecutorEnvironment env;
  private final ExecutorListener listener;
  private final MesosHttp http;
  private final EventSubscription<Event> stream;

  private final Map<ByteString, Call.Update> unacknowledgedUpdates = new LinkedHashMap<>();
  private final Map<String, TaskInfo> unacknowledgedTasks = new LinkedHashMap<>();

  public MesosExecutorClient(ExecutorEnvironment env, ExecutorListener listener) {
    this(env, listener, MesosContentType.PROTOBUF);
  }

  public MesosExecutorClient(ExecutorEnvironment env, ExecutorListener listener, MesosContentType contentType) {
    this.env = env;
    this.listener = listener;
    // The agent's executor API is plain http (ExecutorEnvironment), so no TLS is set up for it.
    this.http = new MesosHttp(contentType, true);
    this.stream = new EventSubscription<>(MesosApi.EXECUTOR, http, Event.getDefaultInstance(),
        new Backoff(INITIAL_BACKOFF, max(env.subscriptionBackoffMax(), INITIAL_BACKOFF)), new Handler(), Thread::new);
  }

  public ExecutorEnvironment environment() {
    return env;
  }

  public void start() {
    stream.start();
  }

  public boolean isSubscribed() {
    return stream.isSubscribed();
  }

  /** The executor API's side of the stream: re-subscription with what is unacknowledged, and recovery. */
  private final class Handler implements StreamHandler<Event> {
    private long disconnectedSince = System.nanoTime();
    private boolean everSubscribed;

    @Override
    public URI endpoint() {
      return env.agentEndpoint();
    }

    @Override
    public Call subscribeCall() {
      Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder();
      synchronized (MesosExecutorClient.this) {
        subscribe.addAllUnacknowledgedTasks(unacknowledgedTasks.values());
        subscribe.addAllUnacknowledgedUpdates(unacknowledgedUpdates.values());
      }
      return Call.newBuilder()
          .setType(Call.Type.SUBSCRIBE)
          .setFrameworkId(env.frameworkId())
          .setExecutorId(env.executorId())
          .setSubscribe(subscribe)
          .build();
    }

    @Override
    public void event(Event event) {
      switch (event.getType()) {
        case SUBSCRIBED -> {
          Event.Subscribed s = event.getSubscribed();
          LOG.info("Subscribed to agent {} as executor {}", s.getAgentInfo().getHostname(),
              s.getExecutorInfo().getExecutorId().getValue());
          safely(() -> listener.subscribed(s.getExecutorInfo(), s.getFrameworkInfo(), s.getAgentInfo()));
        }
        case LAUNCH -> {
          TaskInfo task = event.getLaunch().getTask();
          synchronized (MesosExecutorClient.this) {
            unacknowledgedTasks.put(task.getTaskId().getValue(), task);
          }
          safely(() -> listener.launch(task));
        }
        case KILL -> safely(() -> listener.kill(event.getKill().getTaskId(),
            event.getKill().hasKillPolicy() ? Optional.of(event.getKill().getKillPolicy()) : Optional.empty()));
        case ACKNOWLEDGED -> {
          Event.Acknowledged ack = event.getAcknowledged();
          synchronized (MesosExecutorClient.this) {
            unacknowledgedUpdates.remove(ack.getUuid());
            unacknowledgedTasks.remove(ack.getTaskId().getValue());
          }
          safely(() -> listener.acknowledged(ack.getTaskId(), ack.getUuid()));
        }
        case MESSAGE -> safely(() -> listener.message(event.getMessage().getData().toByteArray()));
        case SHUTDOWN -> safely(listener::shutdown);
        case ERROR -> {
          LOG.error("The agent reported an error: {}", event.getError().getMessage());
          safely(() -> listener.error(event.getError().getMessage()));
        }
        default -> LOG.debug("Ignoring executor event {}", event.getType());
      }
    }

    /** Gives up when the framework does not checkpoint, or once the agent was gone for the recovery timeout. */
    @Override
    public boolean ended(String reason, boolean wasSubscribed) {
      everSubscribed |= wasSubscribed;
      if (wasSubscribed) {
        disconnectedSince = System.nanoTime();
        LOG.warn("Lost the connection to the agent at {}: {}", env.agentEndpoint(), reason);
        safely(() -> listener.disconnected(reason));
        if (!env.checkpoint()) {
          LOG.error("The framework does not checkpoint, so the executor cannot outlive its agent: shutting down");
          safely(listener::shutdown);
          return false;
        }
      } else {
        LOG.info("Could not subscribe to the agent at {}: {}", env.agentEndpoint(), reason);
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - disconnectedSince);
      if (waited.compareTo(env.recoveryTimeout()) > 0) {
        LOG.error("The agent at {} was unreachable for {} (recovery timeout {}){}: shutting down",
            env.agentEndpoint(), waited, env.recoveryTimeout(), everSubscribed ? "" : " since start");
        safely(listener::shutdown);
        return false;
      }
      return true;
    }
  }

  /**
   * Sends a status update. Fills in the uuid, timestamp, source and executor id; the update is
   * re-sent on every re-subscription until the agent acknowledges it.
   */
  public void update(TaskStatus status) {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits());
    TaskStatus.Builder full = status.toBuilder()
        .setUuid(ByteString.copyFrom(bytes.array()))
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setExecutorId(env.executorId());
    if (!full.hasTimestamp()) {
      full.setTimestamp(System.currentTimeMillis() / 1000.0);
    }
    if (env.agentId() != null && !full.hasAgentId()) {
      full.setAgentId(env.agentId());
    }
    Call.Update update = Call.Update.newBuilder().setStatus(full).build();
    synchronized (this) {
      unacknowledgedUpdates.put(full.getUuid(), update);
    }
    send(Call.newBuilder().setType(Call.Type.UPDATE).setUpdate(update));
  }

  /** Sends a framework message to the scheduler. */
  public void message(byte[] data) {
    send(Call.newBuilder().setType(Call.Type.MESSAGE)
        .setMessage(Call.Message.newBuilder().setData(ByteString.copyFrom(data))));
  }

  /** Updates not yet acknowledged by the agent, oldest first. */
  public synchronized List<TaskStatus> unacknowledgedUpdates() {
    List<TaskStatus> out = new ArrayList<>();
    unacknowledgedUpdates.values().forEach(u -> out.add(u.getStatus()));
    return out;
  }

  private void send(Call.Builder call) {
    Optional<EventSubscription.Session> session = stream.session();
    if (session.isEmpty()) {
      LOG.info("Not connected to the agent: {} is kept and sent on re-subscription", call.getType());
      return;
    }
    call.setFrameworkId(env.frameworkId()).setExecutorId(env.executorId());
    try {
      HttpResponse<byte[]> response = http.call(session.get().endpoint(), call.build(), session.get().headers());
      if (response.statusCode() != 202 && response.statusCode() != 200) {
        LOG.error("The agent refused {} with HTTP {}: {}", call.getType(), response.statusCode(),
            MesosHttp.bodyText(response.body()));
      }
    } catch (IOException e) {
      LOG.warn("{} to the agent failed ({}); it is re-sent on re-subscription", call.getType(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether a task is still waiting for its first acknowledged update. */
  public synchronized boolean isUnacknowledged(TaskID task) {
    return unacknowledgedTasks.containsKey(task.getValue());
  }

  private void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      LOG.error("Executor listener failed", e);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public void close() {
    stream.close();
  }
}
