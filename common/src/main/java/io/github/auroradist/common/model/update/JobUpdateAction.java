package io.github.auroradist.common.model.update;

/** What happened to one instance during an update, as Aurora names it. */
public enum JobUpdateAction {
  INSTANCE_UPDATED,
  INSTANCE_ROLLED_BACK,
  INSTANCE_UPDATING,
  INSTANCE_ROLLING_BACK,
  INSTANCE_UPDATE_FAILED,
  INSTANCE_ROLLBACK_FAILED
}
