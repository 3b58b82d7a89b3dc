package io.github.auroradist.scheduler.preemption;

import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.api.Tiers;
import io.github.auroradist.scheduler.maintenance.HostMaintenance;
import io.github.auroradist.scheduler.offers.AttributeAggregate;
import io.github.auroradist.scheduler.offers.ConstraintFilter;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes room for tasks that waited too long: a task PENDING for longer than
 * {@code -preemption_delay} may preempt RUNNING tasks of its own role with a lower priority, and,
 * when its tier is not preemptible, tasks of any role whose tier is preemptible. Victims are taken
 * from one host, lowest priority first, until the resources they hold cover the pending task
 * (free resources on the host are not counted); they go PREEMPTING (killed, then rescheduled).
 */
public final class Preemptor {
  private static final Logger LOG = LoggerFactory.getLogger(Preemptor.class);

  private final Storage storage;
  private final StateManager stateManager;
  private final Clock clock;
  private final Duration delay;
  private final Tiers tiers;
  private final double executorCpus;
  private final double executorMemMb;
  private final Stats stats;
  /** When room was last made for a pending task, so one task does not evict several hosts at once. */
  private final Map<String, Long> roomMadeAt = new ConcurrentHashMap<>();

  public Preemptor(Storage storage, StateManager stateManager, Clock clock, Duration delay, Tiers tiers,
      double executorCpus, double executorMemMb, Stats stats) {
    this.storage = storage;
    this.stateManager = stateManager;
    this.clock = clock;
    this.delay = delay;
    this.tiers = tiers;
    this.executorCpus = executorCpus;
    this.executorMemMb = executorMemMb;
    this.stats = stats;
  }

  /** Looks for pending tasks that waited too long and preempts for them; returns the victims' ids. */
  public synchronized List<String> run() {
    long now = clock.millis();
    roomMadeAt.values().removeIf(t -> now - t > delay.toMillis());
    StoreView view = storage.read();
    List<ScheduledTask> waiting = view.tasksIn(ScheduleStatus.PENDING).stream()
        .filter(t -> now - pendingSince(t) >= delay.toMillis() && !roomMadeAt.containsKey(t.taskId()))
        .sorted(Comparator.comparingInt((ScheduledTask t) -> -t.assignedTask().task().priority())
            .thenComparingLong(Preemptor::pendingSince))
        .toList();
    if (waiting.isEmpty()) {
      return List.of();
    }
    List<ScheduledTask> running = view.tasksIn(ScheduleStatus.RUNNING).stream()
        .filter(t -> t.assignedTask().agentHost() != null).toList();
    Set<String> taken = new HashSet<>();
    List<String> victims = new ArrayList<>();
    for (ScheduledTask pending : waiting) {
      Optional<List<ScheduledTask>> slot = findSlot(view, pending, running, taken);
      if (slot.isEmpty()) {
        continue;
      }
      storage.write(store -> {
        for (ScheduledTask v : slot.get()) {
          stateManager.changeState(store, v.taskId(), Optional.of(ScheduleStatus.RUNNING),
              ScheduleStatus.PREEMPTING, "Preempted to make room for " + pending.taskId());
        }
        return null;
      });
      slot.get().forEach(v -> {
        taken.add(v.taskId());
        victims.add(v.taskId());
      });
      roomMadeAt.put(pending.taskId(), now);
      stats.counter("preemptor_tasks_preempted").addAndGet(slot.get().size());
      LOG.info("Preempting {} on {} for {}", slot.get().stream().map(ScheduledTask::taskId).toList(),
          slot.get().get(0).assignedTask().agentHost(), pending.taskId());
    }
    return victims;
  }

  private Optional<List<ScheduledTask>> findSlot(StoreView view, ScheduledTask pending, List<ScheduledTask> running,
      Set<String> taken) {
    TaskConfig wants = pending.assignedTask().task();
    Map<String, List<ScheduledTask>> byHost = running.stream()
        .filter(v -> !taken.contains(v.taskId()) && mayPreempt(wants, v.assignedTask().task()))
        .collect(Collectors.groupingBy(v -> v.assignedTask().agentHost(), TreeMap::new, Collectors.toList()));
    AttributeAggregate jobActive = new AttributeAggregate(
        () -> view.activeTasksByHost(wants.job()), view::hostAttributes);
    for (Map.Entry<String, List<ScheduledTask>> e : byHost.entrySet()) {
      String host = e.getKey();
      if (!HostMaintenance.takesTasks(view.maintenance(host))) {
        continue;
      }
      HostAttributes attributes = view.hostAttributes(host).orElse(new HostAttributes(host, null, Map.of()));
      if (ConstraintFilter.refusal(wants, attributes, jobActive) != null) {
        continue;
      }
      List<ScheduledTask> candidates = new ArrayList<>(e.getValue());
      candidates.sort(Comparator.comparingInt(v -> v.assignedTask().task().priority()));
      List<ScheduledTask> chosen = new ArrayList<>();
      double cpu = 0;
      double mem = 0;
      double disk = 0;
      int ports = 0;
      for (ScheduledTask v : candidates) {
        Resources r = v.assignedTask().task().resources();
        chosen.add(v);
        cpu += r.cpu() + executorCpus;
        mem += r.ramMb() + executorMemMb;
        disk += r.diskMb();
        ports += v.assignedTask().assignedPorts().size();
        Resources need = wants.resources();
        if (cpu + 1e-9 >= need.cpu() + executorCpus && mem >= need.ramMb() + executorMemMb && disk >= need.diskMb()
            && ports >= need.namedPorts().size()) {
          return Optional.of(chosen);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a pending task with config {@code wants} may take the place of {@code victim}. */
  boolean mayPreempt(TaskConfig wants, TaskConfig victim) {
    if (wants.job().equals(victim.job())) {
      return false;
    }
    boolean sameRole = wants.job().role().equals(victim.job().role());
    if (sameRole && victim.priority() < wants.priority()) {
      return true;
    }
    return !preemptible(wants) && preemptible(victim);
  }

  private boolean preemptible(TaskConfig task) {
    Tiers.Tier tier = tiers.tiers().get(task.tier() == null ? tiers.defaultTier() : task.tier());
    return tier == null || tier.preemptible();
  }

  private static long pendingSince(ScheduledTask t) {
    long since = 0;
    for (TaskEvent e : t.taskEvents()) {
      if (e.status() == ScheduleStatus.PENDING) {
        since = e.timestamp();
      }
    }
    return since;
  }
}
