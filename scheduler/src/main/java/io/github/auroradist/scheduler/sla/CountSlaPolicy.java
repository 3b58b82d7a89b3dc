package io.github.auroradist.scheduler.sla;

import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.Set;

/** Aurora's CountSlaPolicy: at least {@code count} instances RUNNING for {@code durationSecs} once the task is down. */
final class CountSlaPolicy {
  private CountSlaPolicy() {
  }

  static boolean allows(StoreView view, ScheduledTask task, SlaPolicy policy, Set<String> goingDown, long now) {
    long up = UpInstances.afterTakingDown(view, task, goingDown, policy.durationSecs(), now);
    return up >= policy.count();
  }
}
