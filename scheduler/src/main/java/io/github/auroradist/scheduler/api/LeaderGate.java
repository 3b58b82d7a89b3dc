package io.github.auroradist.scheduler.api;

import java.util.function.BooleanSupplier;

/** Lets writes through only while this scheduler leads and is ready for them. */
public final class LeaderGate {
  private final BooleanSupplier leaderReady;

  /**
   * @param leaderReady whether this scheduler leads and is ready for writes (followers never reach the services
   *     with a write while they know the leader: the HTTP server redirects those)
   */
  public LeaderGate(BooleanSupplier leaderReady) {
    this.leaderReady = leaderReady;
  }

  public void requireLeader() {
    if (!leaderReady.getAsBoolean()) {
      throw new ApiException(ApiException.NOT_LEADER, 503, "no scheduler leads the cluster now, so"
          + " nothing can be changed: a leader is being elected, or fewer than a quorum (a majority of the"
          + " schedulers in -native_log_peers) are up and reach each other; retry in a moment");
    }
  }
}
