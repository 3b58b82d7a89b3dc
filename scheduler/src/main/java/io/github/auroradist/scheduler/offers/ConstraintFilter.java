package io.github.auroradist.scheduler.offers;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.TaskConfig;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a task's constraints allow an agent. Attribute {@code host} is the agent's host name;
 * agents with a {@code dedicated} attribute take only tasks that ask for that dedication.
 */
public final class ConstraintFilter {
  private ConstraintFilter() {
  }

  /** The values of {@code attribute} on {@code agent} ({@code host} is the host name). */
  static Set<String> values(HostAttributes agent, String attribute) {
    if (Constraint.HOST.equals(attribute)) {
      return Set.of(agent.host());
    }
    return agent.attributes().getOrDefault(attribute, Set.of());
  }

  /**
   * Why {@code task} may not run on {@code agent}, or empty when it may.
   *
   * @param job the job's active tasks counted by attribute (for limit constraints)
   */
  public static Optional<String> veto(TaskConfig task, HostAttributes agent, AttributeAggregate job) {
    Refusal refusal = refusal(task, agent, job);
    return refusal == null ? Optional.empty() : Optional.of(refusal.reason());
  }

  /** As {@link #veto}, worded only when read; null when {@code task} may run on {@code agent}. */
  public static Refusal refusal(TaskConfig task, HostAttributes agent, AttributeAggregate job) {
    Set<String> dedicatedHere = values(agent, Constraint.DEDICATED);
    if (!dedicatedHere.isEmpty() && !asksFor(task, dedicatedHere)) {
      return () -> "host is dedicated to " + new TreeSet<>(dedicatedHere);
    }
    for (Constraint c : task.constraints()) {
      Set<String> here = values(agent, c.name());
      if (c.value() != null) {
        if (meets(c.value().values(), here) == c.value().negated()) {
          return () -> "constraint " + c.name() + (c.value().negated() ? " must not be " : " must be one of ")
              + c.value().values() + " (host has " + new TreeSet<>(here) + ")";
        }
      } else if (c.limit() != null) {
        if (here.isEmpty()) {
          return () -> "constraint " + c.name() + " limit: host has no attribute " + c.name();
        }
        long sharing = job.sharing(c.name(), agent);
        if (sharing >= c.limit().limit()) {
          return () -> "constraint " + c.name() + " limit " + c.limit().limit() + " reached (" + sharing
              + " task(s) of the job share " + new TreeSet<>(here) + ")";
        }
      }
    }
    return null;
  }

  /** Whether the task's first dedicated constraint asks, unnegated, for one of {@code dedicatedHere}. */
  private static boolean asksFor(TaskConfig task, Set<String> dedicatedHere) {
    for (Constraint c : task.constraints()) {
      if (c.isDedicated()) {
        return c.value() != null && !c.value().negated() && meets(c.value().values(), dedicatedHere);
      }
    }
    return false;
  }

  private static boolean meets(Collection<String> wanted, Set<String> here) {
    for (String v : wanted) {
      if (here.contains(v)) {
        return true;
      }
    }
    return false;
  }
}
