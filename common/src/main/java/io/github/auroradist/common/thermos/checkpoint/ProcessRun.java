package io.github.auroradist.common.thermos.checkpoint;

/**
 * What the checkpoint says about one run of a process. Times are epoch milliseconds, null when
 * the run never reached that point.
 */
public record ProcessRun(
    String process,
    int run,
    ProcessState state,
    Long pid,
    Long forkTimeMs,
    Long startTimeMs,
    Long stopTimeMs,
    Integer returnCode,
    String message) {

  static ProcessRun waiting(String process, int run) {
    return new ProcessRun(process, run, ProcessState.WAITING, null, null, null, null, null, null);
  }

  ProcessRun apply(CheckpointRecord.ProcessStatus s) {
    Long newPid = s.pid() != null ? s.pid() : pid;
    Long fork = forkTimeMs;
    Long start = startTimeMs;
    Long stop = stopTimeMs;
    switch (s.state()) {
      case FORKED -> fork = s.timeMs();
      case RUNNING -> start = s.timeMs();
      case SUCCESS, FAILED, KILLED, LOST -> stop = s.timeMs();
      default -> { }
    }
    Integer rc = s.returnCode() != null ? s.returnCode() : returnCode;
    String msg = s.message() != null ? s.message() : message;
    return new ProcessRun(process, run, s.state(), newPid, fork, start, stop, rc, msg);
  }
}
