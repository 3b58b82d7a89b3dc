package io.github.auroradist.emulator.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.http.Servers;
import io.github.auroradist.emulator.http.TextFailures;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.JsonPost;
import io.github.auroradist.emulator.protocol.TaskStates;
import io.github.auroradist.emulator.resources.Attributes;
import io.github.auroradist.emulator.resources.ResourceSet;
import io.github.auroradist.http.Routes;
import io.github.auroradist.http.RoutingHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many agents in one process, for measuring a scheduler at cluster scale (test-only): each registers with the
 * master over the emulator's agent protocol like a real agent and offers its resources, but runs nothing. A task it
 * is given reports RUNNING at once or after a delay (or FAILED, at a given rate), and KILLED when killed, so a
 * framework sees the same v1 scheduler API as with real agents. All of them share one HTTP endpoint (the master's
 * calls name the agent) and one ping loop.
 */
public final class SimulatedAgents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedAgents.class);

  /**
   * What to simulate: {@code count} agents named {@code sim-<i>} (rack {@code r<i/2>}, two per rack as in Aurora's
   * benchmarks), each offering {@code resources}; a task reports RUNNING after {@code runningAfter}, or FAILED
   * with probability {@code failureRate}.
   */
  public record Settings(int count, String resources, Duration runningAfter, double failureRate, long seed) {
    public Settings {
      if (count < 1 || count > 100_000) {
        throw new IllegalArgumentException("--count must be 1 to 100000, got " + count);
      }
      if (failureRate < 0 || failureRate > 1) {
        throw new IllegalArgumentException("--fail_rate must be between 0 and 1, got " + failureRate);
      }
      if (runningAfter.isNegative()) {
        throw new IllegalArgumentException("--running_after must not be negative, got " + runningAfter);
      }
      ResourceSet.parse(resources);
    }
  }

  /** The largest call the master may make: a batch of launches. */
  private static final int MAX_BODY = 64 << 20;
  /** Status updates forwarded to the master in one call, at most. */
  private static final int MAX_UPDATES_PER_CALL = 500;
  /** Calls forwarding status updates under way at once. */
  private static final int STATUS_SENDERS = 2;

  private final URI master;
  private final Settings settings;
  private final Server server;
  private final ScheduledExecutorService timers;
  /**
   * The pings' own thread: behind the tasks' status updates on {@link #timers} (100,000 of them at once in a large
   * run, each a call to the master) they came too late, and the master removed every agent as unreachable.
   */
  private final ScheduledExecutorService pings;
  private final Random random;
  /** What every agent offers, parsed once. */
  private final List<Resource> offered;
  /** Agent ids the master gave, by simulated agent index. */
  private final AtomicReferenceArray<String> agentIds;
  private final Map<String, Integer> indexById = new ConcurrentHashMap<>();
  /** Live tasks, framework/task id -> agent id. */
  private final Map<String, String> tasks = new ConcurrentHashMap<>();
  /**
   * Status updates not yet sent to the master. As a simulated agent keeps nothing after sending, an update the
   * master does not get (it was down) is lost, as before; the master re-sends to the framework what it has.
   */
  private final BlockingQueue<ObjectNode> outgoing = new LinkedBlockingQueue<>();
  private final ExecutorService senders;
  /** What the agents do with each call of the master, by path. */
  private final Map<String, Consumer<JsonNode>> calls;

  private SimulatedAgents(URI master, Settings settings) throws Exception {
    this.master = master;
    this.settings = settings;
    this.random = new Random(settings.seed());
    this.offered = ResourceSet.parse(settings.resources()).toProtos(null);
    this.agentIds = new AtomicReferenceArray<>(settings.count());
    this.timers = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "simulated-agents");
      t.setDaemon(true);
      return t;
    });
    this.pings = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "simulated-agents-pings");
      t.setDaemon(true);
      return t;
    });
    this.senders = Executors.newFixedThreadPool(STATUS_SENDERS, r -> {
      Thread t = new Thread(r, "simulated-agents-updates");
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < STATUS_SENDERS; i++) {
      senders.execute(this::sendQueued);
    }
    this.calls = Map.of(
        AgentProtocol.RUN, this::run,
        AgentProtocol.KILL, body -> finish(body.path("agent_id").asText(), body.path("framework_id").asText(),
            body.path("task_id").asText(), TaskState.TASK_KILLED, "Killed (simulated)"),
        AgentProtocol.SHUTDOWN_FRAMEWORK, body -> {
          String fw = body.path("framework_id").asText();
          tasks.keySet().removeIf(key -> key.startsWith(fw + "/"));
        },
        AgentProtocol.ACKNOWLEDGE, body -> { },
        AgentProtocol.SHUTDOWN_EXECUTOR, body -> { },
        AgentProtocol.FRAMEWORK_MESSAGE, body -> { });
    Routes routes = new Routes();
    calls.forEach((path, call) -> routes.post(path, x -> {
      call.accept(ProtoJson.MAPPER.readTree(x.body(MAX_BODY)));
      x.empty(200);
    }));
    routes.post(AgentProtocol.BATCH, x -> x.json(200, batch(ProtoJson.MAPPER.readTree(x.body(MAX_BODY)))));
    this.server = Servers.start("simulated-agents", "127.0.0.1", 0,
        new RoutingHandler(routes, new TextFailures("simulated agents", AgentProtocol.RUN), MAX_BODY));
  }

  /** Registers {@code settings.count()} agents with the master at {@code master} and keeps them alive. */
  public static SimulatedAgents start(URI master, Settings settings) throws Exception {
    SimulatedAgents agents = new SimulatedAgents(master, settings);
    try {
      agents.registerAll();
    } catch (Exception e) {
      agents.close();
      throw e;
    }
    return agents;
  }

  public int count() {
    return settings.count();
  }

  private void registerAll() throws IOException, InterruptedException {
    // The first answer gives the ping interval; pings start before the rest register, or the first ones would time
    // out while thousands of others register.
    long pingMs = register(0);
    var unused = pings.scheduleAtFixedRate(this::pingAll, pingMs / 2, pingMs / 2, TimeUnit.MILLISECONDS);
    ExecutorService registering = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> pending = new ArrayList<>();
      for (int i = 1; i < settings.count(); i++) {
        int index = i;
        pending.add(registering.submit(() -> register(index)));
      }
      for (Future<Long> f : pending) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      registering.shutdownNow();
    }
    LOG.info("{} simulated agents registered with {}", settings.count(), master);
  }

  /** Registers agent {@code i} (again, when the master forgot it); returns the master's ping interval. */
  private long register(int i) throws IOException, InterruptedException {
    AgentInfo info = AgentInfo.newBuilder().setHostname("sim-" + i).setPort(Servers.port(server))
        .addAllResources(offered)
        .addAllAttributes(Attributes.parse("rack:r" + i / 2 + ";host:sim-" + i)).build();
    ObjectNode body = ProtoJson.MAPPER.createObjectNode();
    body.set("agent_info", ProtoJson.tree(info));
    body.put("endpoint", "http://127.0.0.1:" + Servers.port(server));
    body.put("batch_calls", true);
    body.putArray("frameworks");
    body.putArray("executors");
    body.putArray("tasks");
    JsonPost.Reply reply = JsonPost.post(master, AgentProtocol.REGISTER, body);
    if (!reply.ok()) {
      throw new IOException("the master " + master + " refused simulated agent " + i + ": " + reply.status() + " "
          + reply.body());
    }
    String id = reply.json().path("agent_id").asText();
    agentIds.set(i, id);
    indexById.put(id, i);
    return Math.max(100, reply.json().path("ping_interval_ms").asLong(15_000));
  }

  /** One ping for all of them (the master takes a list), twice per ping interval; the forgotten register again. */
  private void pingAll() {
    ObjectNode body = ProtoJson.MAPPER.createObjectNode();
    ArrayNode ids = body.putArray("agent_ids");
    for (int i = 0; i < agentIds.length(); i++) {
      String id = agentIds.get(i);
      if (id != null) {
        ids.add(id);
      }
    }
    try {
      JsonPost.Reply reply = JsonPost.post(master, AgentProtocol.PING, body);
      if (!reply.ok()) {
        LOG.warn("the master answered the simulated agents' ping with {}: {}", reply.status(), reply.body());
        return;
      }
      for (JsonNode unknown : reply.json().path("unknown")) {
        Integer index = indexById.remove(unknown.asText());
        if (index != null) {
          LOG.info("the master forgot simulated agent sim-{}; registering it again", index);
          register(index);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot ping the master for the simulated agents: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A batch of the master's calls, each done in order; the answer has each one's status (and the problem, when it
   * was refused).
   */
  private byte[] batch(JsonNode batch) throws IOException {
    ObjectNode answer = ProtoJson.MAPPER.createObjectNode();
    ArrayNode results = answer.putArray("results");
    for (JsonNode item : batch.path("calls")) {
      ObjectNode result = results.addObject();
      Consumer<JsonNode> call = calls.get(item.path("path").asText());
      if (call == null) {
        result.put("status", 404).put("body", "simulated agents take no " + item.path("path").asText() + " calls");
        continue;
      }
      try {
        call.accept(item.path("body"));
        result.put("status", 200);
      } catch (IllegalArgumentException e) {
        result.put("status", 400).put("body", e.getMessage());
      }
    }
    return ProtoJson.MAPPER.writeValueAsBytes(answer);
  }

  /** A launch: only the ids are read, straight from the JSON (parsing each whole task took a fifth of the run). */
  private void run(JsonNode body) {
    String agentId = body.path("agent_id").asText();
    String frameworkId = body.path("framework_info").path("id").path("value").asText();
    String taskId = body.path("task").path("task_id").path("value").asText();
    if (agentId.isEmpty() || frameworkId.isEmpty() || taskId.isEmpty()) {
      throw new IllegalArgumentException("a launch names agent_id, framework_info.id.value and"
          + " task.task_id.value; this one does not: " + body);
    }
    tasks.put(frameworkId + "/" + taskId, agentId);
    boolean fails;
    synchronized (random) {
      fails = random.nextDouble() < settings.failureRate();
    }
    var unused = timers.schedule(() -> {
      if (fails) {
        finish(agentId, frameworkId, taskId, TaskState.TASK_FAILED, "Failed (simulated)");
      } else if (tasks.containsKey(frameworkId + "/" + taskId)) {
        send(agentId, frameworkId, taskId, TaskState.TASK_RUNNING, "Running (simulated)");
      }
    }, settings.runningAfter().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void finish(String agentId, String frameworkId, String taskId, TaskState state, String message) {
    if (tasks.remove(frameworkId + "/" + taskId) != null) {
      send(agentId, frameworkId, taskId, state, message);
    }
  }

  /** Queues a status update for {@link #sendQueued}, which forwards it to the master with others. */
  private void send(String agentId, String frameworkId, String taskId, TaskState state, String message) {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits());
    TaskStatus status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))
        .setAgentId(AgentID.newBuilder().setValue(agentId)).setState(state).setMessage(message)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setTimestamp(TaskStates.now())
        .setUuid(ByteString.copyFrom(bytes.array())).build();
    ObjectNode update = ProtoJson.MAPPER.createObjectNode();
    update.put("agent_id", agentId);
    update.put("framework_id", frameworkId);
    update.set("status", ProtoJson.tree(status));
    outgoing.add(update);
  }

  /**
   * One sender's loop: whatever updates are queued (up to {@link #MAX_UPDATES_PER_CALL}) go to the master in one
   * call. One call per update, 100,000 at once in a large run, kept the master's HTTP threads and lock busy far
   * longer than the updates themselves; batched, the master takes each call's updates in one turn of its lock.
   */
  private void sendQueued() {
    List<ObjectNode> batch = new ArrayList<>();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        batch.add(outgoing.take());
      } catch (InterruptedException e) {
        return;
      }
      outgoing.drainTo(batch, MAX_UPDATES_PER_CALL - 1);
      ObjectNode body = ProtoJson.MAPPER.createObjectNode();
      body.putArray("updates").addAll(batch);
      try {
        JsonPost.Reply reply = JsonPost.post(master, AgentProtocol.STATUS, body);
        if (!reply.ok()) {
          LOG.warn("the master answered {} status updates with {}: {}", batch.size(), reply.status(), reply.body());
        }
      } catch (IOException e) {
        LOG.warn("cannot send {} status updates: {}", batch.size(), e.toString());
      } catch (InterruptedException e) {
        return;
      }
      batch.clear();
    }
  }

  /** The tasks the simulated agents run now. */
  public int liveTasks() {
    return tasks.size();
  }

  @Override
  public void close() {
    pings.shutdownNow();
    timers.shutdownNow();
    senders.shutdownNow();
    Servers.stop(server);
  }
}
