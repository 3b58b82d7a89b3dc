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
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Value;

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

  private record Decision(String taskId, JobKey job, Map<String, Integer> ports, ResourcePool.Allocation forTask,
      ResourcePool.Allocation forExecutor) {
  }

  private final Storage storage;
  private final StateManager stateManager;
  private final double executorCpus;
  private final double executorMemMb;
  /** Why each pending task did not fit the latest offer it was tried on (for the UI and /pendingtasks). */
  private final Map<String, String> lastVeto = new ConcurrentHashMap<>();

  public OfferPlacer(Storage storage, StateManager stateManager, double executorCpus, double executorMemMb) {
    this.storage = storage;
    this.stateManager = stateManager;
    this.executorCpus = executorCpus;
    this.executorMemMb = executorMemMb;
  }

  public Map<String, String> lastVetoes() {
    return Map.copyOf(lastVeto);
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
    StoreView view = storage.read();
    List<Offer> ordered = new ArrayList<>(offers);
    ordered.sort(Comparator.comparing(o -> view.maintenance(o.getHostname()) == MaintenanceMode.SCHEDULED));
    return ordered;
  }

  /**
   * A placement round: the offers of one batch placed one after another, each job's active tasks counted by
   * attribute once for the round (for limit constraints) rather than walked for every offer. A task that leaves
   * the job's active tasks during the round still counts until the round ends, so a round errs towards refusing.
   * Not thread-safe: one batch, one thread.
   */
  public final class Round {
    private final Map<String, AttributeAggregate> aggregates = new HashMap<>();

    private Round() {
    }

    /** Assigns the pending tasks that fit {@code offer}; returns them (empty: decline the offer). */
    public List<Placement> place(Offer offer) {
      return OfferPlacer.this.place(offer, aggregates);
    }
  }

  /** A new placement round, for one batch of offers. */
  public Round round() {
    return new Round();
  }

  /** Assigns the pending tasks that fit {@code offer}, as a round of its own; returns them (empty: decline it). */
  public List<Placement> place(Offer offer) {
    return round().place(offer);
  }

  private List<Placement> place(Offer offer, Map<String, AttributeAggregate> aggregates) {
    HostAttributes agent = attributesOf(offer);
    // Written only when the attributes change (agent ids alone may alternate when agents share a host name).
    Optional<HostAttributes> known = storage.read().hostAttributes(agent.host());
    if (known.isEmpty() || !known.get().attributes().equals(agent.attributes())) {
      storage.write(new Op.SaveHostAttributes(agent));
      aggregates.clear(); // they hold the hosts' attributes as they were
    }
    MaintenanceMode mode = storage.read().maintenance(agent.host());
    if (!HostMaintenance.takesTasks(mode)) {
      return List.of(); // being drained or drained: nothing new goes there
    }
    List<ScheduledTask> pending = storage.read().tasksIn(ScheduleStatus.PENDING);
    if (pending.isEmpty()) {
      return List.of();
    }
    pending = new ArrayList<>(pending);
    pending.sort(Comparator
        .comparingInt((ScheduledTask t) -> -t.assignedTask().task().priority())
        .thenComparing(t -> !t.assignedTask().task().production())
        .thenComparingLong(ScheduledTask::latestEventTime));
    ResourcePool pool = new ResourcePool(offer.getResourcesList());
    ResourcePool.Demand executorDemand = new ResourcePool.Demand(executorCpus, executorMemMb, 0, 0, 0);
    List<Decision> decisions = new ArrayList<>();
    for (ScheduledTask task : pending) {
      TaskConfig config = task.assignedTask().task();
      Resources r = config.resources();
      ResourcePool.Demand demand = new ResourcePool.Demand(r.cpu(), r.ramMb(), r.diskMb(), r.gpus(),
          r.namedPorts().size());
      Optional<String> veto = pool.shortfall(List.of(executorDemand, demand));
      if (veto.isEmpty()) {
        veto = ConstraintFilter.veto(config, agent, aggregateOf(config.job(), aggregates));
      }
      if (veto.isPresent()) {
        lastVeto.put(task.taskId(), agent.host() + ": " + veto.get());
        continue;
      }
      ResourcePool.Allocation forExecutor = pool.take(executorDemand);
      ResourcePool.Allocation forTask = pool.take(demand);
      Map<String, Integer> ports = new TreeMap<>();
      List<String> names = new ArrayList<>(new TreeSet<>(r.namedPorts()));
      for (int i = 0; i < names.size(); i++) {
        ports.put(names.get(i), forTask.ports().get(i));
      }
      // Counts for limit constraints of the next tasks of the same job in this round.
      aggregateOf(config.job(), aggregates).add(agent.host());
      decisions.add(new Decision(task.taskId(), config.job(), ports, forTask, forExecutor));
    }
    // One transaction for everything placed into this offer.
    List<Placement> placed;
    try {
      placed = storage.write(s -> {
        List<Placement> out = new ArrayList<>();
        for (Decision d : decisions) {
          Optional<ScheduledTask> assigned = stateManager.assignTask(s, d.taskId(), agent.agentId(), agent.host(),
              d.ports());
          assigned.ifPresentOrElse(t -> out.add(new Placement(t.assignedTask(), d.forTask().resources(),
              d.forExecutor().resources())), () -> aggregates.remove(d.job().path())); // counted, not placed
        }
        return out;
      });
    } catch (RuntimeException e) {
      aggregates.clear(); // they count the decisions this write did not make
      throw e;
    }
    for (Placement p : placed) {
      lastVeto.remove(p.task().taskId());
    }
    lastVeto.keySet().removeIf(id -> storage.read().task(id).map(t -> t.status() != ScheduleStatus.PENDING)
        .orElse(true));
    return placed;
  }

  private AttributeAggregate aggregateOf(JobKey job, Map<String, AttributeAggregate> aggregates) {
    return aggregates.computeIfAbsent(job.path(), k -> new AttributeAggregate(
        () -> storage.read().tasksOf(job).stream().filter(t -> t.status().isActive()).toList(),
        host -> storage.read().hostAttributes(host)));
  }
}
