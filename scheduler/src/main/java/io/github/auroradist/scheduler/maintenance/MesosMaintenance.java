package io.github.auroradist.scheduler.maintenance;

import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host maintenance that Mesos's maintenance schedule asks for: an inverse offer whose unavailability has started
 * drains its host (as {@code POST /api/maintenance/drain}); when Mesos withdraws it (the host left the schedule) the
 * host goes back in service, unless an operator had put it in maintenance. Which hosts Mesos drained is on the
 * replicated log, so a new leader, to which Mesos sends the inverse offers again, ends their maintenance too.
 */
public final class MesosMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(MesosMaintenance.class);

  private final HostMaintenance hosts;
  private final Storage storage;
  private final Clock clock;
  /** Inverse offers kept (not answered) while their host drains, by id: the host. */
  private final Map<String, String> kept = new ConcurrentHashMap<>();

  public MesosMaintenance(HostMaintenance hosts, Storage storage, Clock clock) {
    this.hosts = hosts;
    this.storage = storage;
    this.clock = clock;
  }

  /**
   * An inverse offer for {@code host}, unavailable from {@code startNanos} (since the epoch). Returns whether it is
   * kept: false while the unavailability has not started, so the caller declines it and Mesos asks again later.
   */
  public synchronized boolean inverseOffer(String offerId, String host, long startNanos) {
    if (startNanos / 1_000_000 > clock.millis()) {
      return false;
    }
    kept.put(offerId, host);
    MaintenanceMode mode = hosts.status(Set.of(host)).getOrDefault(host, MaintenanceMode.NONE);
    if (mode == MaintenanceMode.NONE) {
      storage.write(new Op.SaveMesosDrain(host, true));
    }
    if (HostMaintenance.takesTasks(mode)) {
      LOG.info("Mesos maintenance of {} has started: draining it", host);
      hosts.drain(Set.of(host));
    }
    return true;
  }

  /** Mesos withdrew an inverse offer: a host Mesos drained and no longer asks for goes back in service. */
  public synchronized void rescinded(String offerId) {
    String host = kept.remove(offerId);
    if (host != null && !kept.containsValue(host) && storage.read().drainedForMesos(host)) {
      LOG.info("{} left the Mesos maintenance schedule: putting it back in service", host);
      hosts.end(Set.of(host));
    }
  }

  /** A new subscription: Mesos sends the inverse offers that still hold again. */
  public synchronized void resubscribed() {
    kept.clear();
  }
}
