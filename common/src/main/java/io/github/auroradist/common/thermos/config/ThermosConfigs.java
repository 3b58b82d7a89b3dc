package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.auroradist.common.json.JsonTrees;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads, binds and checks the Thermos task JSON Aurora's client writes. The JSON is read into plain values
 * ({@link JsonTrees}) and mapped onto the records by {@link ThermosConfigReader}, with jackson-core alone: the
 * executor, the only user, never loads jackson-databind.
 */
public final class ThermosConfigs {
  private ThermosConfigs() {}

  /** Parses JSON text into a tree of plain values, with a clear error for text that is not a JSON object. */
  public static Map<String, Object> readTree(String json) {
    Object node;
    try {
      node = JsonTrees.parse(json == null ? "" : json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the task configuration is not valid JSON: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("the task configuration is not valid JSON: " + e.getMessage(), e);
    }
    Map<String, Object> object = JsonTrees.asObject(node);
    if (object == null) {
      throw new IllegalArgumentException("the task configuration must be a JSON object (Aurora's"
          + " MesosTaskInstance JSON), got " + JsonTrees.kind(node));
    }
    return object;
  }

  /** Binds the references in {@code json}, maps it onto the records and validates the task. */
  public static TaskInstanceConfig bindAndParse(String json, Map<String, Object> bindings) {
    Object bound = new TemplateBinder(bindings).bind(readTree(json));
    return fromTree(bound);
  }

  /** Maps a bound tree onto the records and validates the task. */
  public static TaskInstanceConfig fromTree(Object tree) {
    TaskInstanceConfig config;
    try {
      config = ThermosConfigReader.taskInstance(tree);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the task configuration does not match Aurora's schema: "
          + e.getMessage(), e);
    }
    if (config.task() == null) {
      throw new IllegalArgumentException("the task configuration has no 'task'; give the job a Task"
          + " with at least one Process");
    }
    validate(config.task());
    return config;
  }

  /**
   * Checks a task: processes named uniquely with command lines, constraints naming known processes,
   * no ordering cycles, and no ordering between final and non-final processes.
   */
  public static void validate(TaskConfig task) {
    if (task.processes().isEmpty()) {
      throw new IllegalArgumentException("task '" + task.name() + "' has no processes; add at least one Process");
    }
    Map<String, ProcessConfig> byName = new LinkedHashMap<>();
    for (ProcessConfig p : task.processes()) {
      if (p.name() == null || p.name().isEmpty() || p.name().contains("/") || p.name().startsWith(".")
          || p.name().contains("\0")) {
        throw new IllegalArgumentException("process name '" + p.name() + "' is not allowed; use a file"
            + " name without '/' that does not start with '.'");
      }
      if (p.cmdline() == null || p.cmdline().isBlank()) {
        throw new IllegalArgumentException("process '" + p.name() + "' has no cmdline; give it the"
            + " command to run");
      }
      if (byName.put(p.name(), p) != null) {
        throw new IllegalArgumentException("task '" + task.name() + "' has two processes named '"
            + p.name() + "'; process names must be unique within a task");
      }
      if (p.maxFailures() < 0) {
        throw new IllegalArgumentException("process '" + p.name() + "' has max_failures "
            + p.maxFailures() + "; use 0 (retry forever) or a positive number");
      }
      if (p.minDuration() < 0) {
        throw new IllegalArgumentException("process '" + p.name() + "' has a negative min_duration");
      }
    }
    if (task.maxConcurrency() < 0) {
      throw new IllegalArgumentException("task max_concurrency cannot be negative; use 0 for no limit");
    }
    if (task.finalizationWait() < 0) {
      throw new IllegalArgumentException("task finalization_wait cannot be negative");
    }
    for (OrderConstraint c : task.constraints()) {
      for (int i = 0; i < c.order().size(); i++) {
        String name = c.order().get(i);
        ProcessConfig p = byName.get(name);
        if (p == null) {
          throw new IllegalArgumentException("ordering constraint " + c.order() + " names process '"
              + name + "' which the task does not have; the processes are " + byName.keySet());
        }
        if (i > 0 && !byName.get(c.order().get(i - 1)).isFinal().equals(p.isFinal())) {
          throw new IllegalArgumentException("ordering constraint " + c.order() + " mixes final and"
              + " non-final processes; final processes can only be ordered among themselves");
        }
      }
    }
    List<String> cycle = findCycle(byName.keySet(), predecessors(task));
    if (!cycle.isEmpty()) {
      throw new IllegalArgumentException("the ordering constraints of task '" + task.name()
          + "' form a cycle: " + String.join(" -> ", cycle) + "; remove one of these orderings");
    }
  }

  /** For each process, the processes that must succeed before it may start. */
  public static Map<String, Set<String>> predecessors(TaskConfig task) {
    Map<String, Set<String>> before = new HashMap<>();
    for (ProcessConfig p : task.processes()) {
      before.put(p.name(), new HashSet<>());
    }
    for (OrderConstraint c : task.constraints()) {
      for (int i = 1; i < c.order().size(); i++) {
        before.computeIfAbsent(c.order().get(i), k -> new HashSet<>()).add(c.order().get(i - 1));
      }
    }
    return before;
  }

  private static List<String> findCycle(Set<String> names, Map<String, Set<String>> before) {
    Map<String, Integer> color = new HashMap<>(); // 0 new, 1 on stack, 2 done
    for (String start : names) {
      if (color.getOrDefault(start, 0) != 0) {
        continue;
      }
      Deque<String> stack = new ArrayDeque<>();
      List<String> cycle = visit(start, before, color, stack);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(String node, Map<String, Set<String>> before,
      Map<String, Integer> color, Deque<String> stack) {
    color.put(node, 1);
    stack.push(node);
    for (String prev : before.getOrDefault(node, Set.of())) {
      int c = color.getOrDefault(prev, 0);
      if (c == 1) {
        List<String> cycle = new ArrayList<>();
        for (String s : stack) {
          cycle.add(0, s);
          if (s.equals(prev)) {
            break;
          }
        }
        // Stack order is "depends on"; report in run order: prev runs before ... before node.
        List<String> runOrder = new ArrayList<>();
        for (int i = cycle.size() - 1; i >= 0; i--) {
          runOrder.add(cycle.get(i));
        }
        runOrder.add(runOrder.get(0));
        return runOrder;
      }
      if (c == 0) {
        List<String> cycle = visit(prev, before, color, stack);
        if (!cycle.isEmpty()) {
          return cycle;
        }
      }
    }
    stack.pop();
    color.put(node, 2);
    return List.of();
  }
}
