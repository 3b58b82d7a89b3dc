package io.github.auroradist.mesos.executor;

import com.google.protobuf.ByteString;
import io.github.auroradist.mesos.http.Backoff;
import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.http.MesosHttp;
import java.io.IOException;
import java.io.InputStream;
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
 * framework does not checkpoint) the listener is told to shut down.
 */
public final class MesosExecutorClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MesosExecutorClient.class);
  private static final String API_PATH = "/api/v1/executor";

  private final ExecutorEnvironment env;
  private final ExecutorListener listener;
  private final MesosHttp http;
  private final URI endpoint;

  private final Map<ByteString, Call.Update> unacknowledgedUpdates = new LinkedHashMap<>();
  private final Map<String, TaskInfo> unacknowledgedTasks = new LinkedHashMap<>();

  private volatile MesosHttp.EventReader<Event> stream;
  private volatile boolean subscribed;
  private volatile boolean closed;
  private Thread subscriber;

  public MesosExecutorClient(ExecutorEnvironment env, ExecutorListener listener) {
    this(env, listener, MesosContentType.PROTOBUF);
  }

  public MesosExecutorClient(ExecutorEnvironment env, ExecutorListener listener, MesosContentType contentType) {
    this.env = env;
    this.listener = listener;
    this.http = new MesosHttp(contentType);
    this.endpoint = env.agentEndpoint().resolve(API_PATH);
  }

  public ExecutorEnvironment environment() {
    return env;
  }

  public synchronized void start() {
    if (subscriber != null) {
      throw new IllegalStateException("the executor client was already started");
    }
    subscriber = new Thread(this::subscribeLoop, "mesos-executor-subscriber");
    subscriber.setDaemon(true);
    subscriber.start();
  }

  public boolean isSubscribed() {
    return subscribed;
  }

  private void subscribeLoop() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), max(env.subscriptionBackoffMax(), Duration.ofMillis(100)));
    long disconnectedSince = System.nanoTime();
    boolean everSubscribed = false;
    while (!closed) {
      String why;
      try {
        why = subscribeOnce(backoff);
      } catch (InterruptedException e) {
        why = "interrupted";
      } catch (IOException | RuntimeException e) {
        why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      boolean wasSubscribed = subscribed;
      subscribed = false;
      stream = null;
      if (closed) {
        return;
      }
      String reason = why;
      everSubscribed |= wasSubscribed;
      if (wasSubscribed) {
        disconnectedSince = System.nanoTime();
        LOG.warn("Lost the connection to the agent at {}: {}", endpoint, reason);
        safely(() -> listener.disconnected(reason));
        if (!env.checkpoint()) {
          LOG.error("The framework does not checkpoint, so the executor cannot outlive its agent: shutting down");
          shutdownAndStop();
          return;
        }
      } else {
        LOG.info("Could not subscribe to the agent at {}: {}", endpoint, reason);
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - disconnectedSince);
      if (waited.compareTo(env.recoveryTimeout()) > 0) {
        LOG.error("The agent at {} was unreachable for {} (recovery timeout {}){}: shutting down", endpoint,
            waited, env.recoveryTimeout(), everSubscribed ? "" : " since start");
        shutdownAndStop();
        return;
      }
      if (!backoff.pause() && closed) {
        return;
      }
    }
  }

  private String subscribeOnce(Backoff backoff) throws IOException, InterruptedException {
    Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder();
    synchronized (this) {
      subscribe.addAllUnacknowledgedTasks(unacknowledgedTasks.values());
      subscribe.addAllUnacknowledgedUpdates(unacknowledgedUpdates.values());
    }
    Call call = Call.newBuilder()
        .setType(Call.Type.SUBSCRIBE)
        .setFrameworkId(env.frameworkId())
        .setExecutorId(env.executorId())
        .setSubscribe(subscribe)
        .build();
    HttpResponse<InputStream> response = http.openStream(endpoint, call, Map.of());
    if (response.statusCode() != 200) {
      return MesosHttp.refusal("SUBSCRIBE", endpoint, response);
    }
    try (MesosHttp.EventReader<Event> events = MesosHttp.events(response, Event.getDefaultInstance())) {
      stream = events;
      while (!closed) {
        Event event = events.next();
        if (event == null) {
          return "the agent closed the stream";
        }
        if (event.getType() == Event.Type.SUBSCRIBED) {
          subscribed = true;
          backoff.reset();
        }
        dispatch(event);
      }
      return "client closed";
    }
  }

  private void dispatch(Event event) {
    switch (event.getType()) {
      case SUBSCRIBED -> {
        Event.Subscribed s = event.getSubscribed();
        LOG.info("Subscribed to agent {} as executor {}", s.getAgentInfo().getHostname(),
            s.getExecutorInfo().getExecutorId().getValue());
        safely(() -> listener.subscribed(s.getExecutorInfo(), s.getFrameworkInfo(), s.getAgentInfo()));
      }
      case LAUNCH -> {
        TaskInfo task = event.getLaunch().getTask();
        synchronized (this) {
          unacknowledgedTasks.put(task.getTaskId().getValue(), task);
        }
        safely(() -> listener.launch(task));
      }
      case KILL -> safely(() -> listener.kill(event.getKill().getTaskId(),
          event.getKill().hasKillPolicy() ? Optional.of(event.getKill().getKillPolicy()) : Optional.empty()));
      case ACKNOWLEDGED -> {
        Event.Acknowledged ack = event.getAcknowledged();
        synchronized (this) {
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
    if (!subscribed) {
      LOG.info("Not connected to the agent: {} is kept and sent on re-subscription", call.getType());
      return;
    }
    call.setFrameworkId(env.frameworkId()).setExecutorId(env.executorId());
    try {
      HttpResponse<byte[]> response = http.call(endpoint, call.build(), Map.of());
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

  private void shutdownAndStop() {
    closed = true;
    safely(listener::shutdown);
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
    closed = true;
    MesosHttp.EventReader<Event> s = stream;
    if (s != null) {
      s.close();
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
  }
}
