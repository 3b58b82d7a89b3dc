package io.github.auroradist.scheduler.offers;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.HostAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One job's active tasks counted by the attributes of the hosts they run on, built once for a placement round (as
 * Aurora's AttributeAggregate) so that a limit constraint is checked against an offer without walking the job's
 * tasks again. A task shares an offered host's value of an attribute when it runs on that host, or when its host's
 * values of the attribute meet the offered host's.
 *
 * <p>Not thread-safe: one round, one thread.
 */
public final class AttributeAggregate {
  private final Supplier<Map<String, Integer>> jobTasksByHost;
  private final Function<String, Optional<HostAttributes>> attributesOf;
  /** The job's tasks by host, read when first needed (a job without limit constraints placed nowhere never is). */
  private Map<String, Integer> tasksByHost;
  /** Per attribute name, filled when a limit first asks for it: the job's tasks by their hosts' values. */
  private final Map<String, ByValues> byAttribute = new HashMap<>();

  /** The job's tasks on the hosts with one set of values of an attribute (equal only to itself). */
  private static final class Pool {
    int tasks;
  }

  /** The tasks by one attribute's values: hosts with the same values pooled, and those pools by each value. */
  private static final class ByValues {
    final Map<Set<String>, Pool> poolsByValueSet = new HashMap<>();
    final Map<String, List<Pool>> poolsByValue = new HashMap<>();

    void add(Set<String> values, int tasks) {
      if (values.isEmpty()) {
        return; // a host without the attribute shares it with nobody
      }
      Pool pool = poolsByValueSet.get(values);
      if (pool == null) {
        pool = new Pool();
        poolsByValueSet.put(values, pool);
        for (String v : values) {
          poolsByValue.computeIfAbsent(v, k -> new ArrayList<>()).add(pool);
        }
      }
      pool.tasks += tasks;
    }

    /** The tasks on hosts with at least one of {@code values}, each counted once. */
    long meeting(Set<String> values) {
      Set<Pool> seen = new HashSet<>();
      long n = 0;
      for (String v : values) {
        for (Pool pool : poolsByValue.getOrDefault(v, List.of())) {
          if (seen.add(pool)) {
            n += pool.tasks;
          }
        }
      }
      return n;
    }
  }

  /**
   * The aggregate of a job's active tasks: {@code jobTasksByHost} gives how many run on each host (as
   * {@link io.github.auroradist.scheduler.storage.StoreView#activeTasksByHost}, a map this aggregate may change; read
   * when a limit first asks), {@code attributesOf} the stored attributes of those hosts.
   */
  public AttributeAggregate(Supplier<Map<String, Integer>> jobTasksByHost,
      Function<String, Optional<HostAttributes>> attributesOf) {
    this.jobTasksByHost = jobTasksByHost;
    this.attributesOf = attributesOf;
  }

  private Map<String, Integer> tasksByHost() {
    if (tasksByHost == null) {
      tasksByHost = jobTasksByHost.get();
    }
    return tasksByHost;
  }

  /** Counts a task of the job just placed on {@code host} in this round. */
  public void add(String host) {
    tasksByHost().merge(host, 1, Integer::sum);
    for (Map.Entry<String, ByValues> e : byAttribute.entrySet()) {
      e.getValue().add(storedValues(host, e.getKey()), 1);
    }
  }

  /**
   * How many of the job's tasks share {@code agent}'s values of {@code attribute}: those on the agent's host, and
   * those on other hosts whose stored values of the attribute meet the agent's.
   */
  public long sharing(String attribute, HostAttributes agent) {
    int onThisHost = tasksByHost().getOrDefault(agent.host(), 0);
    if (Constraint.HOST.equals(attribute)) {
      return onThisHost; // a host's only value of "host" is its name
    }
    Set<String> here = ConstraintFilter.values(agent, attribute);
    long meeting = byValues(attribute).meeting(here);
    // The tasks on this host were counted above; count them once (its stored values may differ from the offer's).
    if (onThisHost > 0 && storedValues(agent.host(), attribute).stream().anyMatch(here::contains)) {
      meeting -= onThisHost;
    }
    return onThisHost + meeting;
  }

  private ByValues byValues(String attribute) {
    ByValues index = byAttribute.get(attribute);
    if (index == null) {
      index = new ByValues();
      for (Map.Entry<String, Integer> e : tasksByHost().entrySet()) {
        index.add(storedValues(e.getKey(), attribute), e.getValue());
      }
      byAttribute.put(attribute, index);
    }
    return index;
  }

  private Set<String> storedValues(String host, String attribute) {
    return attributesOf.apply(host).map(a -> ConstraintFilter.values(a, attribute)).orElse(Set.of());
  }
}
