package io.github.auroradist.scheduler.discovery;

import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.RatisDurableLog;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where each scheduler serves HTTP and HTTPS, kept in the replicated log: a new leader records its own, and followers
 * send requests there. The HTTPS address is stored beside the HTTP one, under the peer id with a suffix, so that
 * logs and snapshots keep their format.
 */
public final class LeaderEndpoints {
  private static final String HTTPS_SUFFIX = "#https";

  private final RatisDurableLog log;
  private final StoreView stores;

  public LeaderEndpoints(RatisDurableLog log, StoreView stores) {
    this.log = log;
    this.stores = stores;
  }

  /** Records this scheduler's addresses ({@code httpsPort} 0: no HTTPS). */
  public static void record(Storage storage, String peerId, String hostname, int httpPort, int httpsPort) {
    List<Op> ops = new ArrayList<>();
    ops.add(new Op.SaveSchedulerEndpoint(peerId, "http://" + hostname + ":" + httpPort));
    if (httpsPort > 0) {
      ops.add(new Op.SaveSchedulerEndpoint(peerId + HTTPS_SUFFIX, "https://" + hostname + ":" + httpsPort));
    }
    storage.write(ops.toArray(Op[]::new));
  }

  /** The leading scheduler's HTTP address, while another scheduler leads. */
  public Optional<String> leaderUrl() {
    return log.isLeader() ? Optional.empty() : log.leaderId().flatMap(stores::schedulerEndpoint);
  }

  /** The leading scheduler's HTTPS address, while another scheduler leads and serves HTTPS. */
  public Optional<String> leaderHttpsUrl() {
    return log.isLeader() ? Optional.empty()
        : log.leaderId().flatMap(id -> stores.schedulerEndpoint(id + HTTPS_SUFFIX));
  }
}
