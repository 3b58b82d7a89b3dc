package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.protocol.TaskStates;
import io.github.auroradist.emulator.resources.ResourceSet;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent registered with this master: what it offers, what runs on it, and the one ordered queue
 * the master's calls to it go through (so a launch always reaches it before a kill of that task).
 */
final class RegisteredAgent {
  private static final Logger LOG = LoggerFactory.getLogger(RegisteredAgent.class);

  final AgentID id;
  AgentInfo info;
  URI endpoint;
  ResourceSet total = ResourceSet.EMPTY;
  Instant lastPing = Instant.now();
  Instant registeredTime = Instant.now();
  /** Tasks by {@link #key framework/task id}. */
  private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
  /** Executors by {@link #key framework/executor id}. */
  private final Map<String, ExecutorRecord> executors = new LinkedHashMap<>();
  /** Bumped by every change of the two maps above; with the live task count, says whether {@link #used} holds. */
  private long changes;
  private long usedAtChange = -1;
  private int usedAtLiveTasks = -1;
  private ResourceSet used;
  /** Where its calls are queued; null until it registered. */
  private AgentCalls calls;
  private volatile boolean stopped;

  RegisteredAgent(AgentID id) {
    this.id = id;
  }

  static String key(String frameworkId, String id) {
    return frameworkId + "/" + id;
  }

  /** Its tasks, live and ended, in launch order; read-only (the methods below change them). */
  Collection<TaskRecord> tasks() {
    return Collections.unmodifiableCollection(tasks.values());
  }

  /** Its executors, read-only. */
  Collection<ExecutorRecord> executors() {
    return Collections.unmodifiableCollection(executors.values());
  }

  boolean hasExecutor(String key) {
    return executors.containsKey(key);
  }

  void putTask(String key, TaskRecord task) {
    tasks.put(key, task);
    changes++;
  }

  void removeTask(String key) {
    if (tasks.remove(key) != null) {
      changes++;
    }
  }

  void putExecutor(String key, ExecutorRecord executor) {
    executors.put(key, executor);
    changes++;
  }

  void removeExecutor(String key) {
    if (executors.remove(key) != null) {
      changes++;
    }
  }

  /** Removes the framework's executors; whether it had any here. */
  boolean removeExecutorsOf(String frameworkId) {
    boolean removed = executors.keySet().removeIf(key -> key.startsWith(frameworkId + "/"));
    if (removed) {
      changes++;
    }
    return removed;
  }

  void clearTasksAndExecutors() {
    tasks.clear();
    executors.clear();
    changes++;
  }

  /**
   * What its live tasks and executors use. Kept between calls: the allocator asks for every agent's on every
   * allocation, and summing them anew each time held the master's lock for most of an allocation at 10,000 agents.
   * A task's state only goes from live to ended, so with the maps unchanged the live count says whether it holds.
   */
  ResourceSet used() {
    int live = 0;
    for (TaskRecord task : tasks.values()) {
      if (!TaskStates.isTerminal(task.state)) {
        live++;
      }
    }
    if (used != null && usedAtChange == changes && usedAtLiveTasks == live) {
      return used;
    }
    List<ResourceSet> parts = new ArrayList<>(live + executors.size());
    for (TaskRecord task : tasks.values()) {
      if (!TaskStates.isTerminal(task.state)) {
        parts.add(task.resources);
      }
    }
    for (ExecutorRecord executor : executors.values()) {
      parts.add(executor.resources());
    }
    used = ResourceSet.sum(parts);
    usedAtChange = changes;
    usedAtLiveTasks = live;
    return used;
  }

  void post(String path, ObjectNode body) {
    post(path, () -> body, problem -> { });
  }

  /**
   * Sends in order; onFailure gets a description when the agent refuses or cannot be reached. The body is made on
   * the sending thread, not the caller's: callers hold the master's lock, and turning a task into JSON is the
   * costly part of a launch.
   */
  void post(String path, Supplier<ObjectNode> body, Consumer<String> onFailure) {
    if (calls == null) {
      LOG.debug("agent {} has no endpoint yet; dropping {}", id.getValue(), path);
      return;
    }
    calls.post(endpoint, id.getValue(), path, body, onFailure, () -> !stopped);
  }

  /**
   * Where the agent's calls go from now on: to its own queue, or to {@code shared}, the queue of the agents behind
   * the same endpoint that take batches.
   */
  void connect(URI endpoint, AgentCalls shared) {
    this.endpoint = endpoint;
    if (shared != null) {
      if (calls != null && calls != shared && !calls.batches()) {
        calls.stop();
      }
      calls = shared;
    } else if (calls == null || calls.batches()) {
      calls = new AgentCalls(id.getValue(), false);
    }
  }

  /** Drops whatever is still queued for the agent. */
  void stop() {
    stopped = true;
    if (calls != null && !calls.batches()) {
      calls.stop(); // a shared queue goes on for the others; this agent's calls in it are dropped
    }
  }
}
