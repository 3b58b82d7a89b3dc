package io.github.auroradist.scheduler.maintenance;

import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.scheduler.sla.SlaCheck;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreView;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SLA-aware host drains (aurora-admin sla_host_drain): the hosts go DRAINING at once, so they take no new tasks,
 * but each of their tasks is moved away (DRAINING: killed, then rescheduled elsewhere) only while its job keeps its
 * SLA: the job's own policy, else the drain's default. The leader looks again every few seconds, as moved tasks
 * come up elsewhere; at the drain's deadline whatever is left is killed regardless. The drain is stored, so a new
 * leader carries it on.
 */
public final class SlaDrains {
  private static final Logger LOG = LoggerFactory.getLogger(SlaDrains.class);

  private final Storage storage;
  private final SlaCheck sla;
  private final HostMaintenance maintenance;
  private final Clock clock;

  public SlaDrains(Storage storage, SlaCheck sla, HostMaintenance maintenance, Clock clock) {
    this.storage = storage;
    this.sla = sla;
    this.maintenance = maintenance;
    this.clock = clock;
  }

  /**
   * Starts draining hosts, none of which may be draining or drained already.
   *
   * @throws IllegalArgumentException naming a host that is draining or drained already
   */
  public Map<String, MaintenanceMode> start(Set<String> hosts, SlaPolicy defaultPolicy, Duration timeout) {
    SlaDrain drain = new SlaDrain(defaultPolicy, clock.millis() + timeout.toMillis());
    storage.write(store -> {
      for (String host : hosts) {
        MaintenanceMode mode = store.read().maintenance(host);
        if (mode == MaintenanceMode.DRAINING || mode == MaintenanceMode.DRAINED) {
          throw new IllegalArgumentException("host " + host + " is already draining (" + mode
              + "); host_activate it first");
        }
      }
      for (String host : hosts) {
        store.add(new Op.SaveHostMaintenance(host, MaintenanceMode.DRAINING));
        store.add(new Op.SaveSlaDrain(host, drain));
      }
      return null;
    });
    LOG.info("SLA-aware drain of {}: default SLA {}, deadline in {} s", hosts, defaultPolicy, timeout.toSeconds());
    run();
    return maintenance.status(hosts);
  }

  /** Moves away what the SLAs allow now (everything, on hosts past their deadline); marks empty hosts DRAINED. */
  public void run() {
    if (storage.read().slaDrains().isEmpty()) {
      return;
    }
    long now = clock.millis();
    storage.write(store -> {
      StoreView view = store.read();
      Set<String> goingDown = new HashSet<>();
      view.slaDrains().forEach((host, drain) -> {
        if (view.maintenance(host) != MaintenanceMode.DRAINING) {
          return;
        }
        boolean forced = now >= drain.deadline();
        List<ScheduledTask> movable = HostMaintenance.movableTasksOn(view, host);
        if (forced && !movable.isEmpty()) {
          LOG.warn("The SLA-aware drain of {} is past its deadline; killing its {} remaining task(s) regardless of"
              + " their SLA", host, movable.size());
        }
        for (ScheduledTask t : movable) {
          SlaPolicy policy = Optional.ofNullable(t.assignedTask().task().slaPolicy())
              .orElse(drain.defaultSlaPolicy());
          if (forced || sla.mayTakeDown(view, t, policy, goingDown, OptionalLong.of(drain.deadline() - now))) {
            goingDown.add(t.taskId());
            maintenance.moveAway(store, t, forced
                ? "Draining host " + host + ": the SLA-aware drain's deadline passed"
                : "Draining host " + host + " within the job's SLA");
          }
        }
      });
      return null;
    });
    maintenance.checkDrained();
  }
}
