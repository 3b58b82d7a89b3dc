package io.github.auroradist.scheduler.storage;

import java.util.function.LongSupplier;

/**
 * How long ago this follower last handled an append (a heartbeat or entries) from the log's leader.
 *
 * <p>Ratis's own "last RPC" time of a follower also moves when it grants a pre-vote, without a term change, so
 * its leader id stays. With no quorum (two of five), a candidate that cannot win asks the other follower for a
 * pre-vote about every second; that follower's last-RPC time keeps moving, and it would name the dead leader for
 * as long as the candidate keeps asking. Appends come only from a leader, so their count is the honest signal.
 *
 * <p>The count is read when asked; a change is dated to the first time it is seen, so call {@link #millisSince}
 * regularly (the scheduler does, every second) to keep that date close.
 */
final class LeaderContact {
  private final LongSupplier appendsHandled;
  private final LongSupplier nanoTime;
  private long lastCount;
  private long lastChangeNanos;

  /**
   * @param appendsHandled how many appends from a leader this peer has handled so far (only ever grows)
   * @param nanoTime the monotonic clock ({@code System::nanoTime})
   */
  LeaderContact(LongSupplier appendsHandled, LongSupplier nanoTime) {
    this.appendsHandled = appendsHandled;
    this.nanoTime = nanoTime;
    this.lastCount = appendsHandled.getAsLong();
    this.lastChangeNanos = nanoTime.getAsLong();
  }

  /** Milliseconds since an append was last seen handled (since this was made, before any). */
  synchronized long millisSince() {
    long count = appendsHandled.getAsLong();
    long now = nanoTime.getAsLong();
    if (count != lastCount) {
      lastCount = count;
      lastChangeNanos = now;
    }
    return (now - lastChangeNanos) / 1_000_000;
  }
}
