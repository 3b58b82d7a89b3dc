package io.github.auroradist.scheduler.sla;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.scheduler.storage.StoreView;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The scheduler's SLA check over Aurora's three policies. A task that is not RUNNING may always go down: it does
 * not count as up for any policy, so taking it down takes nothing away.
 */
public final class SlaChecker implements SlaCheck, AutoCloseable {
  private final Clock clock;
  private final CoordinatorSlaPolicy coordinators;

  /**
   * @param cluster the cluster's name, the first part of the task key a coordinator is sent
   * @param coordinatorTimeout how long a coordinator may take to answer before its silence counts as no
   */
  public SlaChecker(Clock clock, String cluster, Duration coordinatorTimeout) {
    this.clock = clock;
    this.coordinators = new CoordinatorSlaPolicy(clock, cluster, coordinatorTimeout);
  }

  @Override
  public boolean mayTakeDown(StoreView view, ScheduledTask task, SlaPolicy policy, Set<String> goingDown,
      OptionalLong forceMaintenanceCountdownMs) {
    if (task.status() != ScheduleStatus.RUNNING) {
      return true;
    }
    return switch (policy.kind()) {
      case COUNT -> CountSlaPolicy.allows(view, task, policy, goingDown, clock.millis());
      case PERCENTAGE -> PercentageSlaPolicy.allows(view, task, policy, goingDown, clock.millis());
      case COORDINATOR -> coordinators.allows(task, policy, forceMaintenanceCountdownMs);
    };
  }

  @Override
  public void close() {
    coordinators.close();
  }
}
