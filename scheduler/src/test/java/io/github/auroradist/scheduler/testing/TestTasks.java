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
import java.util.List;
import java.util.Set;

/** Small model values for tests. */
public final class TestTasks {
  private TestTasks() {
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
}
