package io.github.auroradist.scheduler.maintenance;

import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host maintenance (aurora-admin host_deactivate / host_activate / host_status): a host being
 * drained takes no new tasks and its tasks are moved away (DRAINING: killed, then rescheduled
 * elsewhere); it is DRAINED once none are left. {@link SlaDrains} drains a host while keeping jobs' SLAs.
 */
public final class HostMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(HostMaintenance.class);
  private static final Set<ScheduleStatus> MOVABLE =
      EnumSet.of(ScheduleStatus.ASSIGNED, ScheduleStatus.STARTING, ScheduleStatus.RUNNING);

  private final Storage storage;
  private final StateManager stateManager;

  public HostMaintenance(Storage storage, StateManager stateManager) {
    this.storage = storage;
    this.stateManager = stateManager;
  }

  /** Whether offers from the host may be used. */
  public static boolean takesTasks(MaintenanceMode mode) {
    return mode == MaintenanceMode.NONE || mode == MaintenanceMode.SCHEDULED;
  }

  /** Marks hosts for coming maintenance (they keep taking tasks). */
  public Map<String, MaintenanceMode> schedule(Set<String> hosts) {
    return set(hosts, MaintenanceMode.SCHEDULED);
  }

  /** Drains hosts: no new tasks, and their tasks move elsewhere. */
  public Map<String, MaintenanceMode> drain(Set<String> hosts) {
    storage.write(store -> {
      for (String host : hosts) {
        store.add(new Op.SaveHostMaintenance(host, MaintenanceMode.DRAINING));
        // A plain drain moves everything at once, so it ends an SLA-aware drain of the host.
        store.add(new Op.SaveSlaDrain(host, null));
        for (ScheduledTask t : movableTasksOn(store.read(), host)) {
          moveAway(store, t, "Draining host " + host);
        }
      }
      return null;
    });
    LOG.info("Draining {}", hosts);
    checkDrained();
    return status(hosts);
  }

  /** Puts hosts back in service. */
  public Map<String, MaintenanceMode> end(Set<String> hosts) {
    return set(hosts, MaintenanceMode.NONE);
  }

  /** The mode of each host (all hosts in maintenance when {@code hosts} is empty). */
  public Map<String, MaintenanceMode> status(Set<String> hosts) {
    StoreView view = storage.read();
    if (hosts.isEmpty()) {
      return new TreeMap<>(view.hostsInMaintenance());
    }
    Map<String, MaintenanceMode> out = new TreeMap<>();
    hosts.forEach(h -> out.put(h, view.maintenance(h)));
    return out;
  }

  /** Marks DRAINING hosts without active tasks DRAINED. */
  public void checkDrained() {
    storage.write(store -> {
      store.read().hostsInMaintenance().forEach((host, mode) -> {
        if (mode == MaintenanceMode.DRAINING && tasksOn(store.read(), host).isEmpty()) {
          store.add(new Op.SaveHostMaintenance(host, MaintenanceMode.DRAINED));
          LOG.info("Host {} is drained", host);
        }
      });
      return null;
    });
  }

  private Map<String, MaintenanceMode> set(Set<String> hosts, MaintenanceMode mode) {
    storage.write(store -> {
      hosts.forEach(h -> store.add(new Op.SaveHostMaintenance(h, mode)));
      return null;
    });
    return status(hosts);
  }

  private static List<ScheduledTask> tasksOn(StoreView view, String host) {
    return view.tasks(t -> t.status().isActive() && host.equals(t.assignedTask().agentHost()));
  }

  /** The host's tasks that a drain moves away (ASSIGNED, STARTING, RUNNING). */
  static List<ScheduledTask> movableTasksOn(StoreView view, String host) {
    return tasksOn(view, host).stream().filter(t -> MOVABLE.contains(t.status())).toList();
  }

  /** Moves a task off its host: DRAINING, so it is killed, then rescheduled elsewhere. */
  void moveAway(Storage.MutableStore store, ScheduledTask task, String reason) {
    stateManager.changeState(store, task.taskId(), Optional.of(task.status()), ScheduleStatus.DRAINING, reason);
  }
}
