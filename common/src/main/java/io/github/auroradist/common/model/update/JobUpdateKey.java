package io.github.auroradist.common.model.update;

import io.github.auroradist.common.model.JobKey;

/** One update of one job: the job's key and the update's id (a UUID the scheduler picks). */
public record JobUpdateKey(JobKey job, String id) {
  @Override
  public String toString() {
    return job.path() + "/" + id;
  }
}
