package io.github.auroradist.scheduler.storage;

/**
 * The peers in -native_log_peers are not the peers this log was formed with. The replicated log keeps its own
 * member list, so editing the flag alone would leave new peers without a leader and old ones going on without them.
 */
public final class PeerSetMismatchException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public PeerSetMismatchException(String message) {
    super(message);
  }
}
