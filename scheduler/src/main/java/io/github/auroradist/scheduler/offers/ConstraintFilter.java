package io.github.auroradist.scheduler.offers;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.TaskConfig;
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
        long sharing = job.sharing(c.name(), agent);
        if (sharing >= c.limit().limit()) {
          return Optional.of("constraint " + c.name() + " limit " + c.limit().limit() + " reached (" + sharing
              + " task(s) of the job share " + new TreeSet<>(here) + ")");
        }
      }
    }
    return Optional.empty();
  }
}
