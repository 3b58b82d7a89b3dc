package io.github.auroradist.mesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.auroradist.mesos.recordio.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor client against a scripted agent on loopback: what it re-sends when the agent drops
 * the stream, and when it gives up and tells the executor to shut down.
 */
class ExecutorClientStreamTest {
  private static final TaskID TASK = TaskID.newBuilder().setValue("t-1").build();

  @TempDir Path sandbox;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  /** Events for the open stream; a null-typed marker (the default instance) ends the stream. */
  private final BlockingQueue<Event> outbox = new LinkedBlockingQueue<>();
  private final AtomicInteger refusals = new AtomicInteger();
  private final Recorder recorder = new Recorder();
  private HttpServer agent;
  private MesosExecutorClient client;

  static final class Recorder implements ExecutorListener {
    final List<String> subscribed = new CopyOnWriteArrayList<>();
    final List<String> launched = new CopyOnWriteArrayList<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    final AtomicInteger shutdowns = new AtomicInteger();

    @Override
    public void subscribed(ExecutorInfo executor, FrameworkInfo framework, AgentInfo agent) {
      subscribed.add(agent.getHostname());
    }

    @Override
    public void launch(TaskInfo task) {
      launched.add(task.getTaskId().getValue());
    }

    @Override
    public void kill(TaskID task, Optional<KillPolicy> killPolicy) {}

    @Override
    public void shutdown() {
      shutdowns.incrementAndGet();
    }

    @Override
    public void disconnected(String why) {
      disconnects.add(why);
    }
  }

  private URI startAgent() throws IOException {
    agent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    agent.setExecutor(threads);
    agent.createContext("/api/v1/executor", this::handle);
    agent.start();
    return URI.create("http://127.0.0.1:" + agent.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
    calls.add(call);
    if (call.getType() != Call.Type.SUBSCRIBE) {
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
      return;
    }
    if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "application/recordio");
    exchange.getResponseHeaders().add("Message-Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      RecordIo.write(out, Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
          .setExecutorInfo(ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e")))
          .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("root").setName("Aurora"))
          .setAgentInfo(AgentInfo.newBuilder().setHostname("agent-" + calls.size()))).build().toByteArray());
      out.flush();
      while (true) {
        Event e = outbox.poll(30, TimeUnit.SECONDS);
        if (e == null || !e.hasType()) {
          return; // the agent "restarts": the stream ends
        }
        RecordIo.write(out, e.toByteArray());
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the executor went away
    }
  }

  private ExecutorEnvironment environment(URI agentUri, boolean checkpoint, Duration recoveryTimeout) {
    return new ExecutorEnvironment(agentUri, FrameworkID.newBuilder().setValue("fw-1").build(),
        ExecutorID.newBuilder().setValue("e").build(), AgentID.newBuilder().setValue("a-1").build(), sandbox,
        checkpoint, recoveryTimeout, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  private List<Call> subscribes() {
    return calls.stream().filter(c -> c.getType() == Call.Type.SUBSCRIBE).toList();
  }

  private static TaskStatus status(TaskState state) {
    return TaskStatus.newBuilder().setTaskId(TASK).setState(state).build();
  }

  @AfterEach
  void stop() {
    outbox.add(Event.getDefaultInstance());
    if (client != null) {
      client.close();
    }
    if (agent != null) {
      agent.stop(0);
    }
    threads.shutdownNow();
  }

  @Test
  void resubscribesWithWhatTheAgentHasNotAcknowledgedAfterItDropsTheStream() throws Exception {
    client = new MesosExecutorClient(environment(startAgent(), true, Duration.ofMinutes(1)), recorder);
    client.update(status(TaskState.TASK_STARTING)); // not connected yet: kept for the subscription
    client.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.subscribed.size() == 1);
    assertThat(subscribes().get(0).getSubscribe().getUnacknowledgedUpdatesList())
        .extracting(u -> u.getStatus().getState()).containsExactly(TaskState.TASK_STARTING);

    outbox.add(Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder().setTask(
        TaskInfo.newBuilder().setName("t").setTaskId(TASK).setAgentId(AgentID.newBuilder().setValue("a-1")))).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.launched.contains("t-1"));
    client.update(status(TaskState.TASK_RUNNING));
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().anyMatch(c -> c.getType() == Call.Type.UPDATE));
    Call update = calls.stream().filter(c -> c.getType() == Call.Type.UPDATE).findFirst().orElseThrow();
    assertThat(update.getUpdate().getStatus().getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(update.getUpdate().getStatus().getUuid().size()).isEqualTo(16);

    refusals.set(2); // the restarting agent refuses twice before it takes the executor back
    outbox.add(Event.getDefaultInstance());
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.subscribed.size() == 2);
    assertThat(recorder.disconnects).hasSize(1);
    assertThat(refusals.get()).isZero();
    Call.Subscribe again = subscribes().get(subscribes().size() - 1).getSubscribe();
    assertThat(again.getUnacknowledgedTasksList()).extracting(t -> t.getTaskId().getValue()).containsExactly("t-1");
    assertThat(again.getUnacknowledgedUpdatesList()).extracting(u -> u.getStatus().getState())
        .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    assertThat(client.isUnacknowledged(TASK)).isTrue();

    for (Call.Update u : again.getUnacknowledgedUpdatesList()) {
      outbox.add(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(Event.Acknowledged.newBuilder()
          .setTaskId(TASK).setUuid(u.getStatus().getUuid())).build());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> client.unacknowledgedUpdates().isEmpty());
    assertThat(client.isUnacknowledged(TASK)).isFalse();
    assertThat(recorder.shutdowns).hasValue(0);
  }

  @Test
  void withoutCheckpointingLosingTheAgentShutsTheExecutorDown() throws Exception {
    client = new MesosExecutorClient(environment(startAgent(), false, Duration.ofMinutes(1)), recorder);
    client.start();
    await().atMost(Duration.ofSeconds(10)).until(client::isSubscribed);
    outbox.add(Event.getDefaultInstance());
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.shutdowns.get() == 1);
    assertThat(recorder.disconnects).hasSize(1);
    assertThat(subscribes()).hasSize(1);
    assertThat(client.isSubscribed()).isFalse();
  }

  @Test
  void anAgentUnreachableForTheRecoveryTimeoutShutsTheExecutorDown() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    client = new MesosExecutorClient(environment(URI.create("http://127.0.0.1:" + closedPort), true,
        Duration.ofMillis(500)), recorder);
    client.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.shutdowns.get() == 1);
    assertThat(recorder.subscribed).isEmpty();
    assertThat(recorder.disconnects).isEmpty();
  }
}
