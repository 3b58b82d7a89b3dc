package io.github.auroradist.scheduler.offers;

import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.maintenance.HostMaintenance;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places PENDING tasks into one offer: each task that fits (its resources plus the executor's,
 * its constraints) is ASSIGNED to the agent with ports from the offer. Higher priority first,
 * then production, then the longest waiting.
 */
public final class OfferPlacer {
  /** A task placed into the offer, with the resources taken for it and its executor. */
  public record Placement(AssignedTask task, List<org.apache.mesos.v1.Protos.Resource> taskResources,
      List<org.apache.mesos.v1.Protos.Resource> executorResources) {
  }

  private record Decision(String taskId, String offerId, HostAttributes agent, Map<String, Integer> ports,
      ResourcePool.Allocation forTask, ResourcePool.Allocation forExecutor) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(OfferPlacer.class);
  /** Placements committed in one transaction at most, to stay well within the log's entry size. */
  public static final int MAX_PLACEMENTS_PER_TRANSACTION = 2000;

  private final Storage storage;
  private final StateManager stateManager;
  private final ResourcePool.Demand executorDemand;
  /** Why each pending task did not fit the latest offer it was tried on (for the UI and /pendingtasks). */
  private final Map<String, Veto> lastVeto = new ConcurrentHashMap<>();

  /** A task's latest refusal: the host that refused it and why, worded only when read (rounds make thousands). */
  private record Veto(String host, Refusal refusal) {
    String describe() {
      return host + ": " + refusal.reason();
    }
  }

  public OfferPlacer(Storage storage, StateManager stateManager, double executorCpus, double executorMemMb) {
    this.storage = storage;
    this.stateManager = stateManager;
    this.executorDemand = new ResourcePool.Demand(executorCpus, executorMemMb, 0, 0, 0);
  }

  public Map<String, String> lastVetoes() {
    Map<String, String> described = new HashMap<>();
    lastVeto.forEach((taskId, veto) -> described.put(taskId, veto.describe()));
    return Collections.unmodifiableMap(described);
  }

  /** The agent's attributes as the scheduler stores them. */
  public static HostAttributes attributesOf(Offer offer) {
    Map<String, Set<String>> attrs = new TreeMap<>();
    for (Attribute a : offer.getAttributesList()) {
      Set<String> values = attrs.computeIfAbsent(a.getName(), k -> new TreeSet<>());
      switch (a.getType()) {
        case TEXT -> values.add(a.getText().getValue());
        case SCALAR -> {
          double v = a.getScalar().getValue();
          values.add(v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v));
        }
        case SET -> values.addAll(a.getSet().getItemList());
        case RANGES -> {
          for (Value.Range r : a.getRanges().getRangeList()) {
            values.add(r.getBegin() + "-" + r.getEnd());
          }
        }
        default -> { }
      }
    }
    return new HostAttributes(offer.getHostname(), offer.getAgentId().getValue(), attrs);
  }

  /**
   * The offers in the order to place into: hosts SCHEDULED for maintenance last (as Aurora), so new tasks land on
   * them only when the other hosts have no room; otherwise as received.
   */
  public List<Offer> inPlacementOrder(List<Offer> offers) {
    return inPlacementOrder(offers, storage.read().hostsInMaintenance());
  }

  private static List<Offer> inPlacementOrder(List<Offer> offers, Map<String, MaintenanceMode> maintenance) {
    List<Offer> ordered = new ArrayList<>(offers.size());
    List<Offer> scheduled = new ArrayList<>();
    for (Offer o : offers) {
      (maintenance.get(o.getHostname()) == MaintenanceMode.SCHEDULED ? scheduled : ordered).add(o);
    }
    ordered.addAll(scheduled);
    return ordered;
  }

  /** The offer and what was placed into it (empty: decline it). */
  public record OfferPlacements(Offer offer, List<Placement> placed) {
  }

  /**
   * Places pending tasks into a batch of offers (one placement round): the offers in placement order, each task
   * tried against each offer in turn as {@link #place(Offer)} does, and everything the round decided (the
   * attributes of newly seen or changed hosts, every task it placed) committed in one transaction at its end
   * rather than one per offer or per agent, since each commit waits on the replicated log. Each job's active tasks
   * are counted by attribute once for the round (for limit constraints), and the tasks placed count at once for the
   * round's next offers. A task that leaves the job's active tasks during the round still counts until the round
   * ends, so a round errs towards refusing. A round deciding more than {@link #MAX_PLACEMENTS_PER_TRANSACTION} tasks
   * commits them in steps of that size, to stay within the log's entry size.
   *
   * <p>Returns every offer with its placements, in placement order. Should a commit fail, nothing it held was
   * placed: the exception is thrown when nothing of the round was committed, and otherwise logged, with the
   * placements of the earlier steps returned (so that they are launched) and the other offers empty. Not
   * thread-safe: one batch, one thread.
   */
  public List<OfferPlacements> placeRound(List<Offer> offers) {
    Round round = new Round();
    List<Offer> ordered = inPlacementOrder(offers, round.maintenance);
    try {
      for (Offer offer : ordered) {
        round.decide(offer);
        if (round.decisions.size() >= MAX_PLACEMENTS_PER_TRANSACTION) {
          round.commit();
        }
      }
      round.commit();
    } catch (RuntimeException e) {
      if (round.placed.isEmpty()) {
        throw e;
      }
      LOG.warn("Placing the rest of a round of {} offer(s) failed; launching what was committed", offers.size(), e);
    }
    round.recordVetoes();
    List<OfferPlacements> out = new ArrayList<>();
    for (Offer offer : ordered) {
      out.add(new OfferPlacements(offer, round.placed.getOrDefault(offer.getId().getValue(), List.of())));
    }
    return out;
  }

  /** Assigns the pending tasks that fit {@code offer}, as a round of its own; returns them (empty: decline it). */
  public List<Placement> place(Offer offer) {
    return placeRound(List.of(offer)).get(0).placed();
  }

  /** The tasks of one task config still pending in a round, in placement order (the same veto for each). */
  private static final class Group {
    final TaskConfig config;
    final ResourcePool.Demand demand;
    final ArrayDeque<Ranked> tasks = new ArrayDeque<>();
    /** The host of the latest offer that refused the group's tasks, and why (for {@link #lastVetoes}). */
    String lastVetoHost;
    Refusal lastVeto;

    Group(TaskConfig config) {
      this.config = config;
      Resources r = config.resources();
      this.demand = new ResourcePool.Demand(r.cpu(), r.ramMb(), r.diskMb(), r.gpus(), r.namedPorts().size());
    }
  }

  private record Ranked(ScheduledTask task, int rank) {
  }

  /** What one round has read and decided so far. */
  private final class Round {
    final Map<JobKey, AttributeAggregate> aggregates = new HashMap<>();
    /** Hosts whose offered attributes differ from the stored ones: saved with the round's placements. */
    final Map<String, HostAttributes> newAttributes = new LinkedHashMap<>();
    /** The hosts of the tasks each job was given in this round (kept to rebuild an aggregate). */
    final Map<JobKey, List<String>> placedHostsByJob = new HashMap<>();
    final List<Group> groups;
    final List<Decision> decisions = new ArrayList<>();
    final Map<String, List<Placement>> placed = new HashMap<>();
    /** The ids of the tasks pending when the round began. */
    final Set<String> pendingIds = new HashSet<>();
    /** The hosts in maintenance, read once for the round (as its pending tasks are). */
    final Map<String, MaintenanceMode> maintenance = storage.read().hostsInMaintenance();

    Round() {
      // Pending tasks read and ordered once for the round; tasks of equal configs share one veto per offer.
      List<ScheduledTask> pending = new ArrayList<>(storage.read().tasksIn(ScheduleStatus.PENDING));
      pending.sort(Comparator
          .comparingInt((ScheduledTask t) -> -t.assignedTask().task().priority())
          .thenComparing(t -> !t.assignedTask().task().production())
          .thenComparingLong(ScheduledTask::latestEventTime));
      Map<TaskConfig, Group> byConfig = new LinkedHashMap<>();
      for (int i = 0; i < pending.size(); i++) {
        ScheduledTask t = pending.get(i);
        byConfig.computeIfAbsent(t.assignedTask().task(), Group::new).tasks.add(new Ranked(t, i));
        pendingIds.add(t.taskId());
      }
      groups = new ArrayList<>(byConfig.values());
    }

    Optional<HostAttributes> attributesOf(String host) {
      HostAttributes seen = newAttributes.get(host);
      return seen != null ? Optional.of(seen) : storage.read().hostAttributes(host);
    }

    AttributeAggregate aggregateOf(JobKey job) {
      AttributeAggregate found = aggregates.get(job);
      if (found == null) {
        found = new AttributeAggregate(
            () -> storage.read().activeTasksByHost(job),
            this::attributesOf);
        // Tasks given to the job earlier in the round are not in the stores yet.
        for (String host : placedHostsByJob.getOrDefault(job, List.of())) {
          found.add(host);
        }
        aggregates.put(job, found);
      }
      return found;
    }

    void decide(Offer offer) {
      HostAttributes agent = OfferPlacer.attributesOf(offer);
      // Saved only when the attributes change (agent ids alone may alternate when agents share a host name).
      Optional<HostAttributes> known = attributesOf(agent.host());
      if (known.isEmpty() || !known.get().attributes().equals(agent.attributes())) {
        newAttributes.put(agent.host(), agent);
        aggregates.clear(); // they hold the hosts' attributes as they were
      }
      if (!HostMaintenance.takesTasks(maintenance.getOrDefault(agent.host(), MaintenanceMode.NONE))) {
        return; // being drained or drained: nothing new goes there
      }
      ResourcePool pool = new ResourcePool(offer.getResourcesList());
      // The groups by their first task's place in the order: the same order as trying every task, but a group
      // refused by this offer is left at once (the offer only shrinks and its counts only grow).
      PriorityQueue<Group> next = new PriorityQueue<>(Comparator.comparingInt((Group g) -> g.tasks.peek().rank()));
      for (Group g : groups) {
        if (!g.tasks.isEmpty()) {
          next.add(g);
        }
      }
      while (!next.isEmpty()) {
        Group group = next.poll();
        TaskConfig config = group.config;
        ResourcePool.Demand demand = group.demand;
        Refusal veto = pool.refusal(List.of(executorDemand, demand));
        if (veto == null) {
          veto = ConstraintFilter.refusal(config, agent, aggregateOf(config.job()));
        }
        if (veto != null) {
          group.lastVetoHost = agent.host();
          group.lastVeto = veto;
          continue;
        }
        ScheduledTask task = group.tasks.poll().task();
        ResourcePool.Allocation forExecutor = pool.take(executorDemand);
        ResourcePool.Allocation forTask = pool.take(demand);
        Map<String, Integer> ports = new TreeMap<>();
        List<String> names = new ArrayList<>(new TreeSet<>(config.resources().namedPorts()));
        for (int i = 0; i < names.size(); i++) {
          ports.put(names.get(i), forTask.ports().get(i));
        }
        // Counts for limit constraints of the next tasks of the same job in this round.
        aggregateOf(config.job()).add(agent.host());
        placedHostsByJob.computeIfAbsent(config.job(), k -> new ArrayList<>()).add(agent.host());
        decisions.add(new Decision(task.taskId(), offer.getId().getValue(), agent, ports, forTask, forExecutor));
        lastVeto.remove(task.taskId());
        if (!group.tasks.isEmpty()) {
          next.add(group);
        }
      }
    }

    /** One transaction: the hosts' new attributes, then every task decided since the last commit. */
    void commit() {
      if (decisions.isEmpty() && newAttributes.isEmpty()) {
        return;
      }
      List<Decision> batch = List.copyOf(decisions);
      List<HostAttributes> hosts = List.copyOf(newAttributes.values());
      decisions.clear();
      // By offer id; taken into the round's placements only once the write is committed.
      Map<String, List<Placement>> committed = new HashMap<>();
      storage.write(s -> {
        hosts.forEach(h -> s.add(new Op.SaveHostAttributes(h)));
        for (Decision d : batch) {
          // Empty when the task left PENDING since the round read it (killed meanwhile): counted, not placed.
          stateManager.assignTask(s, d.taskId(), d.agent().agentId(), d.agent().host(), d.ports())
              .ifPresent(t -> committed.computeIfAbsent(d.offerId(), k -> new ArrayList<>())
                  .add(new Placement(t.assignedTask(), d.forTask().resources(), d.forExecutor().resources())));
        }
        return null;
      });
      // Stored now: later steps of the round read them from the stores (an aggregate rebuilt from the stores
      // counts these tasks there).
      newAttributes.clear();
      placedHostsByJob.clear();
      committed.forEach((offerId, tasks) -> placed.computeIfAbsent(offerId, k -> new ArrayList<>()).addAll(tasks));
    }

    /** Each task still pending gets its group's latest veto; tasks no longer pending lose theirs. */
    void recordVetoes() {
      for (Group g : groups) {
        if (g.lastVeto != null && !g.tasks.isEmpty()) {
          Veto why = new Veto(g.lastVetoHost, g.lastVeto);
          for (Ranked t : g.tasks) {
            lastVeto.put(t.task().taskId(), why);
          }
        }
      }
      // Those placed here lost theirs when placed; those that left PENDING before the round (killed, deleted) are
      // not among its pending tasks. Looking each one up in the stores held a read lock per pending task a round.
      lastVeto.keySet().retainAll(pendingIds);
    }
  }
}
