package io.github.auroradist.common.thermos.checkpoint;

/** The states of a Thermos task, as Aurora names them. */
public enum TaskState {
  ACTIVE, CLEANING, FINALIZING, SUCCESS, FAILED, KILLED, LOST;

  public boolean isTerminal() {
    return this == SUCCESS || this == FAILED || this == KILLED || this == LOST;
  }
}
