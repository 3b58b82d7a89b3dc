package io.github.auroradist.scheduler.testing;

import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.ExecutorConfig;
import io.github.auroradist.common.model.Identity;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.state.RescheduleCalculator;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskEffects;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small model values for tests, and the state manager that changes them. */
public final class TestTasks {
  private TestTasks() {
  }

  /** A state manager as the scheduler makes one, with Aurora's default flapping settings. */
  public static StateManager stateManager(Clock clock, TaskEffects effects) {
    return new StateManager(clock, "scheduler-1", new RescheduleCalculator(RescheduleCalculator.Settings.DEFAULTS),
        effects);
  }

  public static TaskConfig config(JobKey key, boolean service) {
    return new TaskConfig(key, new Identity(key.role()), new Resources(0.1, 16, 16, 0, Set.of()), List.of(),
        service, false, 0, "preemptible", 1, null, List.of(), new ExecutorConfig(ExecutorConfig.THERMOS, "{}"));
  }

  public static JobConfiguration job(JobKey key, int instances, boolean service) {
    return new JobConfiguration(key, new Identity(key.role()), null, null, instances, config(key, service));
  }

  public static ScheduledTask pending(JobKey key, int instance, String id) {
    return new ScheduledTask(new AssignedTask(id, null, null, config(key, true), null, instance),
        ScheduleStatus.PENDING, 0, List.of(new TaskEvent(1, ScheduleStatus.PENDING, null, "test")), null);
  }

  /**
   * The active tasks of {@code tasks} by host, counted from the tasks themselves: what the stores' index
   * ({@code StoreView.activeTasksByHost}) must equal, and an aggregate's counts for tasks that are not stored.
   */
  public static Map<String, Integer> activeByHost(Collection<ScheduledTask> tasks) {
    Map<String, Integer> byHost = new HashMap<>();
    for (ScheduledTask t : tasks) {
      String host = t.assignedTask().agentHost();
      if (host != null && t.status().isActive()) {
        byHost.merge(host, 1, Integer::sum);
      }
    }
    return byHost;
  }
}
