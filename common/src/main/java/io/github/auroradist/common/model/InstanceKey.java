package io.github.auroradist.common.model;

/** One instance (shard) of a job. */
public record InstanceKey(JobKey job, int instanceId) {
  public InstanceKey {
    if (job == null) {
      throw new IllegalArgumentException("instance key needs a job key");
    }
    if (instanceId < 0) {
      throw new IllegalArgumentException("instance id " + instanceId + " is negative; instance ids start at 0");
    }
  }

  @Override
  public String toString() {
    return job.path() + "/" + instanceId;
  }
}
