package io.github.auroradist.common.thermos.checkpoint;

/** The states of one run of a Thermos process, as Aurora names them. */
public enum ProcessState {
  WAITING, FORKED, RUNNING, SUCCESS, KILLED, FAILED, LOST;

  public boolean isTerminal() {
    return this == SUCCESS || this == KILLED || this == FAILED || this == LOST;
  }
}
