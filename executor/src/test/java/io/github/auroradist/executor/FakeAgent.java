package io.github.auroradist.executor;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.auroradist.mesos.executor.ExecutorEnvironment;
import io.github.auroradist.mesos.recordio.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The agent side of the Mesos v1 executor API on loopback, enough to drive a real executor:
 * SUBSCRIBE gets a RecordIO event stream (SUBSCRIBED, then whatever the test sends), UPDATE calls
 * are recorded and acknowledged on the stream.
 */
final class FakeAgent implements AutoCloseable {
  static final String HOSTNAME = "agent-under-test";
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final BlockingQueue<Event> outbox = new LinkedBlockingQueue<>();
  final List<Protos.TaskStatus> updates = new CopyOnWriteArrayList<>();
  volatile boolean acknowledge = true;
  final java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
  private volatile boolean closed;

  FakeAgent() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/api/v1/executor", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The variables this agent gives an executor it starts in its own process, with {@code sandbox} as its sandbox. */
  void putExecutorVariables(Map<String, String> env, Path sandbox) {
    env.put("MESOS_AGENT_ENDPOINT", "127.0.0.1:" + port());
    env.put("MESOS_FRAMEWORK_ID", "fw-1");
    env.put("MESOS_EXECUTOR_ID", "thermos-exec");
    env.put("MESOS_AGENT_ID", "agent-1");
    env.put("MESOS_SLAVE_ID", "agent-1");
    env.put("MESOS_SANDBOX", sandbox.toString());
    env.put("MESOS_DIRECTORY", sandbox.toString());
    env.put("MESOS_CHECKPOINT", "1");
  }

  ExecutorEnvironment environment(Path directory) {
    return new ExecutorEnvironment(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        Protos.FrameworkID.newBuilder().setValue("fw-1").build(),
        Protos.ExecutorID.newBuilder().setValue("thermos-exec").build(),
        Protos.AgentID.newBuilder().setValue("agent-1").build(), directory, true,
        Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofSeconds(5));
  }

  void launch(String taskId, byte[] data) {
    Protos.TaskInfo task = Protos.TaskInfo.newBuilder().setName(taskId)
        .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
        .setAgentId(Protos.AgentID.newBuilder().setValue("agent-1"))
        .setData(ByteString.copyFrom(data)).build();
    outbox.add(Event.newBuilder().setType(Event.Type.LAUNCH)
        .setLaunch(Event.Launch.newBuilder().setTask(task)).build());
  }

  void kill(String taskId) {
    outbox.add(Event.newBuilder().setType(Event.Type.KILL).setKill(Event.Kill.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))).build());
  }

  /** Acknowledges every update received so far (for tests that turned {@link #acknowledge} off). */
  void acknowledgeAll() {
    for (Protos.TaskStatus status : updates) {
      outbox.add(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(
          Event.Acknowledged.newBuilder().setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
    }
  }

  List<Protos.TaskState> states() {
    return updates.stream().map(Protos.TaskStatus::getState).toList();
  }

  Protos.TaskStatus last() {
    return updates.get(updates.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
    switch (call.getType()) {
      case SUBSCRIBE -> stream(exchange);
      case UPDATE -> {
        Protos.TaskStatus status = call.getUpdate().getStatus();
        updates.add(status);
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
        if (acknowledge) {
          outbox.add(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(
              Event.Acknowledged.newBuilder().setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
        }
      }
      default -> {
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
      }
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/recordio");
    exchange.getResponseHeaders().add("Message-Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      Event subscribed = Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
          .setExecutorInfo(Protos.ExecutorInfo.newBuilder()
              .setExecutorId(Protos.ExecutorID.newBuilder().setValue("thermos-exec")))
          .setFrameworkInfo(Protos.FrameworkInfo.newBuilder().setUser("root").setName("Aurora"))
          .setAgentInfo(Protos.AgentInfo.newBuilder().setHostname(HOSTNAME))).build();
      RecordIo.write(out, subscribed.toByteArray());
      out.flush();
      this.subscribed.countDown();
      while (!closed) {
        Event e = outbox.poll(100, TimeUnit.MILLISECONDS);
        if (e != null) {
          RecordIo.write(out, e.toByteArray());
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the executor went away
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    threads.shutdownNow();
  }
}
