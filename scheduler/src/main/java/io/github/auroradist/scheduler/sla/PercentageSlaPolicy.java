package io.github.auroradist.scheduler.sla;

import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.Set;

/**
 * Aurora's PercentageSlaPolicy: at least {@code percentage} of the job's instances RUNNING for {@code durationSecs}
 * once the task is down.
 */
final class PercentageSlaPolicy {
  private PercentageSlaPolicy() {
  }

  static boolean allows(StoreView view, ScheduledTask task, SlaPolicy policy, Set<String> goingDown, long now) {
    long instances = UpInstances.instanceCount(view, task);
    if (instances == 0) {
      return true;
    }
    long up = UpInstances.afterTakingDown(view, task, goingDown, policy.durationSecs(), now);
    return up * 100.0 / instances >= policy.percentage();
  }
}
