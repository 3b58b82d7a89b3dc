package io.github.auroradist.scheduler.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The aggregate counts what the walk over the job's tasks for every offer counted (the limit check before the
 * aggregate), on random clusters: hosts with no, one or several values of an attribute, hosts without stored
 * attributes, offers whose attributes differ from the stored ones, and tasks added during the round.
 */
class AttributeAggregateTest {
  static final List<String> ATTRIBUTES = List.of(Constraint.HOST, "rack", "zone", "absent");

  /** The old limit check: each of the job's placed tasks on this host or on a host whose values meet this one's. */
  static long walk(String attribute, HostAttributes agent, List<ScheduledTask> jobActive,
      Function<String, Optional<HostAttributes>> attributesOf) {
    Set<String> here = ConstraintFilter.values(agent, attribute);
    return jobActive.stream()
        .map(t -> t.assignedTask().agentHost())
        .filter(h -> h != null)
        .filter(h -> h.equals(agent.host()) || attributesOf.apply(h).map(a -> ConstraintFilter.values(a, attribute))
            .orElse(Set.of()).stream().anyMatch(here::contains))
        .count();
  }

  static Set<String> someOf(Random random, String prefix, int choices) {
    Set<String> values = new TreeSet<>();
    int n = random.nextInt(4) == 0 ? 0 : 1 + (random.nextInt(3) == 0 ? random.nextInt(2) : 0);
    for (int i = 0; i < n; i++) {
      values.add(prefix + random.nextInt(choices));
    }
    return values;
  }

  static HostAttributes host(Random random, String name) {
    Map<String, Set<String>> attributes = new HashMap<>();
    for (String a : List.of("rack", "zone")) {
      Set<String> values = someOf(random, a.substring(0, 1), 4);
      if (!values.isEmpty()) {
        attributes.put(a, values);
      }
    }
    return new HostAttributes(name, "agent-" + name, attributes);
  }

  static ScheduledTask on(String host, int i) {
    return new ScheduledTask(new AssignedTask("t" + i, host == null ? null : "a", host,
        TestTasks.config(ConstraintFilterTest.JOB, true), Map.of(), i), host == null ? ScheduleStatus.PENDING
        : ScheduleStatus.RUNNING, 0, List.of(), null);
  }

  @Property(tries = 400)
  void countsWhatTheWalkOverTheJobsTasksCounted(@ForAll long seed) {
    Random random = new Random(seed);
    int hostCount = 1 + random.nextInt(12);
    List<String> names = new ArrayList<>();
    Map<String, HostAttributes> stored = new HashMap<>();
    for (int i = 0; i < hostCount; i++) {
      names.add("h" + i);
      if (random.nextInt(5) != 0) { // some hosts' attributes were never stored
        stored.put("h" + i, host(random, "h" + i));
      }
    }
    Function<String, Optional<HostAttributes>> attributesOf = h -> Optional.ofNullable(stored.get(h));
    List<ScheduledTask> jobActive = new ArrayList<>();
    int tasks = random.nextInt(20);
    for (int i = 0; i < tasks; i++) {
      jobActive.add(on(random.nextInt(6) == 0 ? null : names.get(random.nextInt(hostCount)), i));
    }
    AttributeAggregate aggregate =
        new AttributeAggregate(() -> TestTasks.activeByHost(jobActive), attributesOf);

    for (int round = 0; round < 6; round++) {
      // Offers: a stored host as stored, or with other attributes (as offered now), or a host never seen.
      String name = random.nextInt(6) == 0 ? "new" + random.nextInt(2) : names.get(random.nextInt(hostCount));
      HostAttributes agent = random.nextBoolean() && stored.containsKey(name) ? stored.get(name) : host(random, name);
      for (String attribute : ATTRIBUTES) {
        assertThat(aggregate.sharing(attribute, agent))
            .as("seed %d, %s of %s, tasks on %s", seed, attribute, agent, jobActive.stream()
                .map(t -> t.assignedTask().agentHost()).toList())
            .isEqualTo(walk(attribute, agent, jobActive, attributesOf));
      }
      // A task of the job placed on the offered host in this round.
      if (random.nextBoolean()) {
        aggregate.add(agent.host());
        jobActive.add(on(agent.host(), jobActive.size()));
      }
    }
  }

  @Property(tries = 200)
  void vetoesALimitExactlyWhenTheWalkReachedIt(@ForAll long seed) {
    Random random = new Random(seed);
    Map<String, HostAttributes> stored = new HashMap<>();
    List<ScheduledTask> jobActive = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      stored.put("h" + i, host(random, "h" + i));
    }
    int tasks = random.nextInt(16);
    for (int i = 0; i < tasks; i++) {
      jobActive.add(on("h" + random.nextInt(8), i));
    }
    Function<String, Optional<HostAttributes>> attributesOf = h -> Optional.ofNullable(stored.get(h));
    String attribute = ATTRIBUTES.get(random.nextInt(3));
    int limit = 1 + random.nextInt(4);
    HostAttributes agent = stored.get("h" + random.nextInt(8));
    boolean walkRefuses = !ConstraintFilter.values(agent, attribute).isEmpty()
        && walk(attribute, agent, jobActive, attributesOf) >= limit;
    boolean noAttribute = ConstraintFilter.values(agent, attribute).isEmpty();
    Optional<String> veto = ConstraintFilter.veto(ConstraintFilterTest.with(Constraint.limit(attribute, limit)), agent,
        new AttributeAggregate(() -> TestTasks.activeByHost(jobActive), attributesOf));
    assertThat(veto.isPresent()).as("seed %d", seed).isEqualTo(walkRefuses || noAttribute);
  }
}
