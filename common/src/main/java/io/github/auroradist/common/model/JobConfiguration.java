package io.github.auroradist.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A job as submitted: its key, owner, task template and instance count (cron fields when scheduled). */
public record JobConfiguration(
    JobKey key,
    Identity owner,
    String cronSchedule,
    CronCollisionPolicy cronCollisionPolicy,
    int instanceCount,
    TaskConfig taskConfig) {

  @JsonIgnore
  public boolean isCron() {
    return cronSchedule != null && !cronSchedule.isBlank();
  }

  public JobConfiguration withInstanceCount(int count) {
    return new JobConfiguration(key, owner, cronSchedule, cronCollisionPolicy, count, taskConfig);
  }
}
