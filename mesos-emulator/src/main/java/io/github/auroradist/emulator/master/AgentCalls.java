package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.JsonPost;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ordered queue of the master's calls to agents, sent by one thread of its own: an agent's calls always arrive
 * in the order made (a launch before a kill of the same task). An agent has a queue to itself, unless it registered
 * with {@code batch_calls} (the simulated agents, thousands behind one endpoint): then the agents of an endpoint
 * share one queue, and whatever is queued goes in one {@link AgentProtocol#BATCH} call. One call per launch and per
 * acknowledgement, 100,000 of each in a large run, took most of the emulator's processor time.
 */
final class AgentCalls {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCalls.class);

  /**
   * Calls to agents under way at once, over all queues of the process. 10,000 queues sending at once opened
   * thousands of connections, and some timed out. A queue's thread waits here in order, so order is kept.
   */
  private static final Semaphore POSTS_AT_ONCE = new Semaphore(64);
  /** Calls in one batch, at most. */
  static final int MAX_BATCH = 500;

  /** One call: its body is made on the queue's thread (callers hold the master's lock; rendering a task costs). */
  private record Call(URI target, String agentId, String path, Supplier<ObjectNode> body,
      Consumer<String> onFailure, BooleanSupplier wanted) {}

  private final String name;
  private final boolean batches;
  private final ConcurrentLinkedQueue<Call> queue = new ConcurrentLinkedQueue<>();
  private final ExecutorService sender;

  /**
   * @param name what the sending thread is called after
   * @param batches whether the receiving end takes {@link AgentProtocol#BATCH} calls
   */
  AgentCalls(String name, boolean batches) {
    this.name = name;
    this.batches = batches;
    this.sender = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "master-to-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  boolean batches() {
    return batches;
  }

  /**
   * Queues a call to {@code target}; {@code onFailure} gets a description when the agent refuses it or cannot be
   * reached. A call is dropped unsent once {@code wanted} is false (its agent was removed).
   */
  void post(URI target, String agentId, String path, Supplier<ObjectNode> body, Consumer<String> onFailure,
      BooleanSupplier wanted) {
    queue.add(new Call(target, agentId, path, body, onFailure, wanted));
    try {
      sender.execute(this::sendQueued);
    } catch (RejectedExecutionException e) {
      LOG.debug("calls to {} stopped; dropping {}", name, path);
    }
  }

  /** Sends what is queued; as many runs are queued as calls, so a run may find its calls sent by an earlier one. */
  private void sendQueued() {
    List<Call> calls = new ArrayList<>();
    for (Call c; calls.size() < (batches ? MAX_BATCH : 1) && (c = queue.poll()) != null; ) {
      if (c.wanted().getAsBoolean()) {
        calls.add(c);
      }
    }
    if (calls.isEmpty()) {
      return;
    }
    try {
      POSTS_AT_ONCE.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopped: what is queued is dropped
      return;
    }
    try {
      if (calls.size() == 1) {
        sendOne(calls.get(0));
      } else {
        sendBatch(calls);
      }
    } finally {
      POSTS_AT_ONCE.release();
    }
  }

  private static ObjectNode document(Call call) {
    ObjectNode document = call.body().get();
    document.put("agent_id", call.agentId());
    return document;
  }

  private void sendOne(Call call) {
    try {
      JsonPost.Reply reply = JsonPost.post(call.target(), call.path(), document(call));
      if (!reply.ok()) {
        refused(call, reply.status(), reply.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      unreachable(List.of(call), e);
    }
  }

  /** The calls in one {@link AgentProtocol#BATCH} call; each gets its own answer. */
  private void sendBatch(List<Call> calls) {
    ObjectNode batch = ProtoJson.MAPPER.createObjectNode();
    ArrayNode items = batch.putArray("calls");
    for (Call call : calls) {
      ObjectNode item = items.addObject();
      item.put("path", call.path());
      item.set("body", document(call));
    }
    try {
      JsonPost.Reply reply = JsonPost.post(calls.get(0).target(), AgentProtocol.BATCH, batch);
      if (!reply.ok()) {
        for (Call call : calls) {
          refused(call, reply.status(), reply.body());
        }
        return;
      }
      JsonNode results = reply.json().path("results");
      for (int i = 0; i < calls.size(); i++) {
        JsonNode result = results.path(i);
        int status = result.path("status").asInt(500);
        if (status / 100 != 2) {
          refused(calls.get(i), status, result.isMissingNode() ? "no answer to this call in the batch"
              : result.path("body").asText());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      unreachable(calls, e);
    }
  }

  private static void refused(Call call, int status, String body) {
    LOG.warn("agent {} answered {} with {}: {}", call.agentId(), call.path(), status, body);
    call.onFailure().accept("HTTP " + status + " " + body);
  }

  private static void unreachable(List<Call> calls, Exception e) {
    for (Call call : calls) {
      LOG.warn("cannot reach agent {} at {} for {}: {}", call.agentId(), call.target(), call.path(), e.toString());
      call.onFailure().accept(e.toString());
    }
  }

  /** Drops whatever is still queued. */
  void stop() {
    sender.shutdownNow();
    queue.clear();
  }
}
