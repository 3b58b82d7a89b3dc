package io.github.auroradist.scheduler.storage;

import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.scheduler.maintenance.SlaDrain;
import java.util.List;
import java.util.Map;

/** Everything the stores hold, as written to a snapshot (and, later, a backup) file. */
public record StoreSnapshot(
    int formatVersion,
    long timestamp,
    String frameworkId,
    List<JobConfiguration> jobs,
    List<ScheduledTask> tasks,
    List<HostAttributes> hostAttributes,
    Map<String, ResourceAggregate> quotas,
    Map<String, String> schedulerEndpoints,
    Map<String, MaintenanceMode> hostMaintenance,
    List<JobUpdateDetails> jobUpdates,
    Map<String, SlaDrain> slaDrains,
    List<String> mesosDrainedHosts) {
  /**
   * 2 added {@code jobUpdates}, 3 {@code slaDrains}, 4 {@code mesosDrainedHosts}; a snapshot of an older format has
   * none and loads as such.
   */
  public static final int FORMAT_VERSION = 4;

  public StoreSnapshot {
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    hostAttributes = hostAttributes == null ? List.of() : List.copyOf(hostAttributes);
    quotas = quotas == null ? Map.of() : Map.copyOf(quotas);
    schedulerEndpoints = schedulerEndpoints == null ? Map.of() : Map.copyOf(schedulerEndpoints);
    hostMaintenance = hostMaintenance == null ? Map.of() : Map.copyOf(hostMaintenance);
    jobUpdates = jobUpdates == null ? List.of() : List.copyOf(jobUpdates);
    slaDrains = slaDrains == null ? Map.of() : Map.copyOf(slaDrains);
    mesosDrainedHosts = mesosDrainedHosts == null ? List.of() : List.copyOf(mesosDrainedHosts);
  }
}
