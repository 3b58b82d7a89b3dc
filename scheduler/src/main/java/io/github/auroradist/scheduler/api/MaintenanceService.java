package io.github.auroradist.scheduler.api;

import io.github.auroradist.scheduler.maintenance.HostMaintenance;
import java.util.Set;
import java.util.TreeSet;

/** Host maintenance: aurora-admin host_maintenance, host_drain, host_activate and host_status. */
public final class MaintenanceService {
  private final LeaderGate leader;
  private final HostMaintenance maintenance;

  public MaintenanceService(LeaderGate leader, HostMaintenance maintenance) {
    this.leader = leader;
    this.maintenance = maintenance;
  }

  public ApiRecords.MaintenanceResponse startMaintenance(ApiRecords.HostsRequest request) {
    leader.requireLeader();
    return new ApiRecords.MaintenanceResponse(maintenance.schedule(hosts(request)));
  }

  public ApiRecords.MaintenanceResponse drainHosts(ApiRecords.HostsRequest request) {
    leader.requireLeader();
    return new ApiRecords.MaintenanceResponse(maintenance.drain(hosts(request)));
  }

  public ApiRecords.MaintenanceResponse endMaintenance(ApiRecords.HostsRequest request) {
    leader.requireLeader();
    return new ApiRecords.MaintenanceResponse(maintenance.end(hosts(request)));
  }

  /** The given hosts' modes; every host in maintenance when none is given. */
  public ApiRecords.MaintenanceResponse maintenanceStatus(Set<String> hosts) {
    return new ApiRecords.MaintenanceResponse(maintenance.status(hosts == null ? Set.of() : hosts));
  }

  private static Set<String> hosts(ApiRecords.HostsRequest request) {
    if (request == null || request.hosts() == null || request.hosts().isEmpty()) {
      throw ApiException.invalid("hosts: list the agent host names");
    }
    Set<String> out = new TreeSet<>();
    for (String h : request.hosts()) {
      if (h == null || h.isBlank()) {
        throw ApiException.invalid("hosts: a host name is empty");
      }
      out.add(h.trim());
    }
    return out;
  }
}
