package io.github.auroradist.common.model;

/** A host path mounted into a task's container at {@code containerPath}, read-only (RO) or read-write (RW). */
public record Volume(String containerPath, String hostPath, Mode mode) {

  /** As Mesos's Volume.Mode. */
  public enum Mode { RO, RW }
}
