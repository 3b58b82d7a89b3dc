package io.github.auroradist.scheduler.sla;

import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.OptionalLong;
import java.util.Set;

/** Decides whether the scheduler may take an active task down on purpose now (an SLA-aware drain or update). */
public interface SlaCheck {
  /**
   * Whether {@code task} may go down now without breaking {@code policy}.
   *
   * @param view the stores as they are now
   * @param goingDown ids of tasks the caller already decided to take down in the same step (they count as down)
   * @param forceMaintenanceCountdownMs for a drain, how long until its deadline takes the task down regardless (a
   *     coordinator is told); empty for an update
   */
  boolean mayTakeDown(StoreView view, ScheduledTask task, SlaPolicy policy, Set<String> goingDown,
      OptionalLong forceMaintenanceCountdownMs);
}
