package io.github.auroradist.scheduler.offers;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

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
   * @param jobActiveTasks the job's active tasks that are placed on agents (for limit constraints)
   * @param attributesOf the attributes of another agent by host name
   */
  public static Optional<String> veto(TaskConfig task, HostAttributes agent, List<ScheduledTask> jobActiveTasks,
      Function<String, Optional<HostAttributes>> attributesOf) {
    Set<String> dedicatedHere = values(agent, Constraint.DEDICATED);
    Optional<Constraint> dedicatedAsk = task.constraints().stream().filter(Constraint::isDedicated).findFirst();
    if (!dedicatedHere.isEmpty()) {
      boolean allowed = dedicatedAsk.isPresent() && dedicatedAsk.get().value() != null
          && !dedicatedAsk.get().value().negated()
          && dedicatedAsk.get().value().values().stream().anyMatch(dedicatedHere::contains);
      if (!allowed) {
        return Optional.of("host is dedicated to " + new TreeSet<>(dedicatedHere));
      }
    }
    for (Constraint c : task.constraints()) {
      Set<String> here = values(agent, c.name());
      if (c.value() != null) {
        boolean matches = c.value().values().stream().anyMatch(here::contains);
        if (matches == c.value().negated()) {
          return Optional.of("constraint " + c.name() + (c.value().negated() ? " must not be " : " must be one of ")
              + c.value().values() + " (host has " + new TreeSet<>(here) + ")");
        }
      } else if (c.limit() != null) {
        if (here.isEmpty()) {
          return Optional.of("constraint " + c.name() + " limit: host has no attribute " + c.name());
        }
        long sharing = jobActiveTasks.stream()
            .map(t -> t.assignedTask().agentHost())
            .filter(h -> h != null)
            .filter(h -> {
              if (h.equals(agent.host())) {
                return true;
              }
              // A host's only value of "host" is its name, and it differs from this one: no lookup (the lookups,
              // one per task of the job for every offer, made a host limit cost a million of them per 1,000 offers).
              if (Constraint.HOST.equals(c.name())) {
                return false;
              }
              return attributesOf.apply(h).map(a -> values(a, c.name())).orElse(Set.of()).stream()
                  .anyMatch(here::contains);
            })
            .count();
        if (sharing >= c.limit().limit()) {
          return Optional.of("constraint " + c.name() + " limit " + c.limit().limit() + " reached (" + sharing
              + " task(s) of the job share " + new TreeSet<>(here) + ")");
        }
      }
    }
    return Optional.empty();
  }
}
