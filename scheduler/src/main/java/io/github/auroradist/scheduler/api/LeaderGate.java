package io.github.auroradist.scheduler.api;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Lets writes through only while this scheduler leads and is ready for them. */
public final class LeaderGate {
  private final BooleanSupplier leaderReady;
  private final Supplier<Optional<String>> cannotWrite;

  /**
   * @param leaderReady whether this scheduler leads and is ready for writes (followers never reach the services
   *     with a write while they know the leader: the HTTP server redirects those)
   * @param cannotWrite why the leader cannot write now though it leads (its log disk is full), or empty
   */
  public LeaderGate(BooleanSupplier leaderReady, Supplier<Optional<String>> cannotWrite) {
    this.leaderReady = leaderReady;
    this.cannotWrite = cannotWrite;
  }

  public void requireLeader() {
    if (!leaderReady.getAsBoolean()) {
      throw new ApiException(ApiException.NOT_LEADER, 503, "no scheduler leads the cluster now, so"
          + " nothing can be changed: a leader is being elected, or fewer than a quorum (a majority of the"
          + " schedulers in -native_log_peers) are up and reach each other; retry in a moment");
    }
    Optional<String> refused = cannotWrite.get();
    if (refused.isPresent()) {
      throw new ApiException(ApiException.ERROR, 503, refused.get());
    }
  }
}
