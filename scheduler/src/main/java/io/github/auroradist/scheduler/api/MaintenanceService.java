package io.github.auroradist.scheduler.api;

import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.scheduler.maintenance.HostMaintenance;
import io.github.auroradist.scheduler.maintenance.SlaDrain;
import io.github.auroradist.scheduler.maintenance.SlaDrains;
import io.github.auroradist.scheduler.sla.SlaPolicies;
import io.github.auroradist.scheduler.storage.StoreView;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Host maintenance: aurora-admin host_deactivate (start), host_drain, sla_host_drain, host_activate (end) and
 * host_status.
 */
public final class MaintenanceService {
  private final LeaderGate leader;
  private final HostMaintenance maintenance;
  private final SlaDrains slaDrains;
  private final Supplier<StoreView> view;

  public MaintenanceService(LeaderGate leader, HostMaintenance maintenance, SlaDrains slaDrains,
      Supplier<StoreView> view) {
    this.leader = leader;
    this.maintenance = maintenance;
    this.slaDrains = slaDrains;
    this.view = view;
  }

  public ApiRecords.MaintenanceResponse startMaintenance(ApiRecords.HostsRequest request) {
    leader.requireLeader();
    return new ApiRecords.MaintenanceResponse(maintenance.schedule(knownHosts(request)));
  }

  public ApiRecords.MaintenanceResponse drainHosts(ApiRecords.HostsRequest request) {
    leader.requireLeader();
    return new ApiRecords.MaintenanceResponse(maintenance.drain(knownHosts(request)));
  }

  /** Drains hosts while jobs keep their SLAs, killing what is left after the timeout. */
  public ApiRecords.MaintenanceResponse slaDrainHosts(ApiRecords.SlaDrainRequest request) {
    leader.requireLeader();
    Set<String> hosts = knownHosts(new ApiRecords.HostsRequest(request.hosts()));
    SlaPolicies.problem("defaultSlaPolicy", request.defaultSlaPolicy()).ifPresent(p -> {
      throw ApiException.invalid(p.toString());
    });
    if (request.timeoutSecs() == null || request.timeoutSecs() <= 0) {
      throw ApiException.invalid("timeoutSecs must be more than 0 (seconds until the remaining tasks are killed"
          + " regardless of their SLA; Aurora's default is 604800, 7 days), not " + request.timeoutSecs());
    }
    try {
      return new ApiRecords.MaintenanceResponse(slaDrains.start(hosts, request.defaultSlaPolicy(),
          Duration.ofSeconds(request.timeoutSecs())));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
  }

  public ApiRecords.MaintenanceResponse endMaintenance(ApiRecords.HostsRequest request) {
    leader.requireLeader();
    return new ApiRecords.MaintenanceResponse(maintenance.end(knownHosts(request)));
  }

  /** The given hosts' modes (every host in maintenance when none is given) and their SLA-aware drains. */
  public ApiRecords.MaintenanceResponse maintenanceStatus(Set<String> hosts) {
    Map<String, MaintenanceMode> modes = maintenance.status(hosts == null ? Set.of() : hosts);
    Map<String, SlaDrain> drains = new TreeMap<>(view.get().slaDrains());
    drains.keySet().retainAll(modes.keySet());
    return new ApiRecords.MaintenanceResponse(modes, drains);
  }

  /** The request's hosts, each one an agent has offered from (or one in maintenance already). */
  private Set<String> knownHosts(ApiRecords.HostsRequest request) {
    if (request == null || request.hosts() == null || request.hosts().isEmpty()) {
      throw ApiException.invalid("hosts: list the agent host names");
    }
    StoreView stores = view.get();
    Set<String> out = new TreeSet<>();
    for (String h : request.hosts()) {
      if (h == null || h.isBlank()) {
        throw ApiException.invalid("hosts: a host name is empty");
      }
      String host = h.trim();
      if (stores.hostAttributes(host).isEmpty() && stores.maintenance(host) == MaintenanceMode.NONE) {
        throw ApiException.invalid("unknown host " + host + ": no agent with that host name has registered");
      }
      out.add(host);
    }
    return out;
  }
}
