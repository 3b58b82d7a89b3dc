package io.github.auroradist.common.model;

/** What a cron run does when the previous run is still active. */
public enum CronCollisionPolicy {
  /** Kill the running tasks, then start the new run. */
  KILL_EXISTING,
  /** Skip the new run. */
  CANCEL_NEW
}
