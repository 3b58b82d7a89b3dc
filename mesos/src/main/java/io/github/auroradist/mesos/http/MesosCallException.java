package io.github.auroradist.mesos.http;

/** A call to Mesos was refused or could not be sent. */
public class MesosCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public MesosCallException(String message, int status) {
    super(message);
    this.status = status;
  }

  public MesosCallException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
  }

  /** The HTTP status Mesos answered with, or -1 when there was no answer. */
  public int status() {
    return status;
  }
}
