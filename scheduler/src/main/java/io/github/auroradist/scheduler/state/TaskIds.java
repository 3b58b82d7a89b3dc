package io.github.auroradist.scheduler.state;

import io.github.auroradist.common.model.JobKey;
import java.util.UUID;

/** Task ids as Aurora forms them: {@code role-env-job-instance-uuid}. */
public final class TaskIds {
  private TaskIds() {
  }

  public static String newId(JobKey job, int instanceId) {
    return job.role() + "-" + job.environment() + "-" + job.name() + "-" + instanceId + "-" + UUID.randomUUID();
  }
}
