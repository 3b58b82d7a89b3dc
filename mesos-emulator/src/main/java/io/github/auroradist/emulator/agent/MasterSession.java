package io.github.auroradist.emulator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.JsonPost;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the emulator's agent protocol: keeps the agent registered with the leading
 * master (re-registering with what it runs after a failover, pinging in between) and carries its
 * messages there, in order, on one thread. A test can {@link #partition} it from the master (nothing passes
 * either way: the master marks it unreachable once its pings stop) and heal the partition: it then
 * re-registers under its id with the tasks it still runs, and sends the status updates it held.
 */
final class MasterSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterSession.class);

  private final AgentState state;
  private final MasterLink link;
  private final ExecutorService toMaster = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "agent-to-master");
    t.setDaemon(true);
    return t;
  });
  private final Thread loop = new Thread(this::loop, "agent-master-link");
  private volatile boolean closed;
  private volatile boolean partitioned;
  /** The master registered with, or null; guarded by the state. */
  private URI masterUri;
  private long pingIntervalMs = 1000;

  MasterSession(AgentState state, MasterLink link) {
    this.state = state;
    this.link = link;
    loop.setDaemon(true);
  }

  /** Cuts the agent off from the master (true) or heals the cut (false). */
  void partition(boolean cut) {
    partitioned = cut;
    if (cut) {
      markUnregistered();
    }
  }

  boolean partitioned() {
    return partitioned;
  }

  void start() {
    loop.start();
  }

  /** The master this agent is registered with, if any. */
  Optional<URI> master() {
    synchronized (state) {
      return Optional.ofNullable(masterUri);
    }
  }

  private void loop() {
    while (!closed) {
      try {
        Optional<URI> leader = link.leader();
        URI registeredWith;
        synchronized (state) {
          registeredWith = masterUri;
        }
        if (partitioned) {
          markUnregistered();
        } else if (leader.isEmpty()) {
          markUnregistered();
        } else if (registeredWith == null || !registeredWith.equals(leader.get())) {
          register(leader.get());
        } else {
          ping(leader.get());
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        LOG.debug("master link: {}", e.toString());
        markUnregistered();
      }
      long sleep;
      synchronized (state) {
        sleep = masterUri == null ? 500 : pingIntervalMs;
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void markUnregistered() {
    synchronized (state) {
      masterUri = null;
    }
  }

  private void register(URI master) throws IOException, InterruptedException {
    JsonPost.Reply reply = JsonPost.post(master, AgentProtocol.REGISTER, registration());
    if (!reply.ok()) {
      LOG.info("master {} refused registration: {} {}", master, reply.status(), reply.body());
      return;
    }
    JsonNode json = reply.json();
    List<Map.Entry<String, TaskStatus>> resend = new ArrayList<>();
    synchronized (state) {
      state.agentId = json.path("agent_id").asText();
      masterUri = master;
      pingIntervalMs = Math.max(50, json.path("ping_interval_ms").asLong(1000));
      state.unacknowledged.forEach((key, queue) -> {
        String fw = key.substring(0, key.indexOf('/'));
        queue.forEach(s -> resend.add(Map.entry(fw, s)));
      });
    }
    LOG.info("registered with master {} as agent {}", master, json.path("agent_id").asText());
    for (Map.Entry<String, TaskStatus> e : resend) {
      sendStatus(e.getKey(), e.getValue());
    }
  }

  /** What the agent tells a master it registers with: itself, and what it runs. */
  private ObjectNode registration() {
    synchronized (state) {
      ObjectNode body = ProtoJson.MAPPER.createObjectNode();
      body.set("agent_info", ProtoJson.tree(state.agentInfo()));
      body.put("endpoint", state.endpoint().toString());
      ArrayNode fws = body.putArray("frameworks");
      ArrayNode execs = body.putArray("executors");
      ArrayNode tasks = body.putArray("tasks");
      for (ExecutorRun run : state.executors.values()) {
        if (run.state == ExecutorRun.State.TERMINATED) {
          continue;
        }
        if (!run.commandTask) {
          execs.add(ProtoJson.tree(run.info));
        }
        List<TaskInfo> all = new ArrayList<>(run.queued.values());
        all.addAll(run.launched.values());
        for (TaskInfo task : all) {
          ObjectNode t = tasks.addObject();
          t.put("framework_id", run.frameworkId.getValue());
          t.set("task", ProtoJson.tree(task));
          t.put("state", run.states.getOrDefault(task.getTaskId().getValue(), TaskState.TASK_STAGING).name());
        }
      }
      state.frameworks.values().forEach(fi -> fws.add(ProtoJson.tree(fi)));
      return body;
    }
  }

  private void ping(URI master) throws IOException, InterruptedException {
    ObjectNode body = ProtoJson.MAPPER.createObjectNode();
    synchronized (state) {
      body.put("agent_id", state.agentId);
    }
    JsonPost.Reply reply = JsonPost.post(master, AgentProtocol.PING, body);
    if (reply.status() == 404) {
      LOG.info("master {} does not know this agent (it failed over, or marked it unreachable); re-registering",
          master);
      markUnregistered();
    } else if (!reply.ok()) {
      markUnregistered();
    }
  }

  /** Sends a status update; one the master does not get goes again after the next registration. */
  void sendStatus(String frameworkId, TaskStatus status) {
    ObjectNode body = ProtoJson.MAPPER.createObjectNode();
    body.put("framework_id", frameworkId);
    body.set("status", ProtoJson.tree(status));
    post(AgentProtocol.STATUS, body);
  }

  /** Posts to the master in order; dropped while unregistered or partitioned (best effort, but for status updates). */
  void post(String path, ObjectNode body) {
    URI master;
    synchronized (state) {
      master = masterUri;
      body.put("agent_id", state.agentId);
    }
    if (master == null) {
      return;
    }
    try {
      toMaster.execute(() -> {
        if (partitioned) {
          return;
        }
        try {
          JsonPost.Reply reply = JsonPost.post(master, path, body);
          if (!reply.ok()) {
            LOG.warn("master answered {} with {}: {}", path, reply.status(), reply.body());
          }
        } catch (Exception e) {
          LOG.warn("cannot reach master {} for {}: {}", master, path, e.toString());
          markUnregistered();
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("agent closed; dropping {}", path);
    }
  }

  /** Stops registering and pinging, and drops what is still queued for the master. */
  @Override
  public void close() {
    closed = true;
    loop.interrupt();
    toMaster.shutdownNow();
    link.close();
  }
}
