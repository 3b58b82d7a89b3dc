package io.github.auroradist.common.model;

/** Where a host is in maintenance, as Aurora names it. */
public enum MaintenanceMode {
  /** In service. */
  NONE,
  /** Maintenance is coming; the host still takes tasks. */
  SCHEDULED,
  /** Its tasks are being moved away; it takes no new ones. */
  DRAINING,
  /** No active tasks are left on it; it takes no new ones. */
  DRAINED
}
