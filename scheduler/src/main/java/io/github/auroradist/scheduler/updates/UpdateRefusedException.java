package io.github.auroradist.scheduler.updates;

/** A request about an update that cannot be carried out; the message says why and what to do instead. */
public final class UpdateRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why: there is no such update, the update's state does not allow it, or the request makes no sense for it. */
  public enum Reason { NOT_FOUND, CONFLICT, INVALID }

  private final Reason reason;

  public UpdateRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
