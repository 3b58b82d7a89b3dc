package io.github.auroradist.scheduler.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.api.validation.Problem;
import java.util.List;

/** Request and response bodies of the JSON API (see docs/api.md). */
public final class ApiRecords {
  private ApiRecords() {
  }

  /**
   * Body of kill and restart: which instances (all when null or empty), as ids {@code [0, 2]} or text
   * {@code "0,2-5"}, and why.
   */
  public record InstancesRequest(InstanceRanges instances,
      String message) {
  }

  /** Body of an update action (pause, resume, abort, rollback): why, for the update's history. */
  public record MessageRequest(String message) {
  }

  /** Body of add instances: how many to add, copying the config of {@code fromInstance} (default: the job's). */
  public record AddInstancesRequest(int count, Integer fromInstance) {
  }

  /** Tasks created, killed or restarted by a request. */
  public record TaskIdsResponse(JobKey job, List<String> taskIds) {
  }

  /** What removing a job did: the tasks moved to KILLING, and whether a stored configuration was removed. */
  public record RemoveJobResponse(JobKey job, List<String> taskIds, boolean jobRemoved) {
  }

  public record JobsResponse(List<JobConfiguration> jobs) {
  }

  public record TasksResponse(List<ScheduledTask> tasks) {
  }

  /** Task counts of one job, as Aurora's job summary. */
  public record JobStats(int activeTaskCount, int pendingTaskCount, int finishedTaskCount, int failedTaskCount) {
  }

  public record JobSummary(JobKey job, int instanceCount, boolean isCron, JobStats stats) {
  }

  public record JobSummaryResponse(String role, List<JobSummary> summaries) {
  }

  public record RoleSummary(String role, int jobCount, int cronJobCount) {
  }

  public record RoleSummaryResponse(List<RoleSummary> summaries) {
  }

  /**
   * A role's quota and what it uses: {@code prodConsumption}/{@code nonProdConsumption} count active tasks only (as
   * before); the four Aurora GetQuotaResult fields count cron templates and active updates too ({@code
   * QuotaConsumption}), split by shared and dedicated hosts.
   */
  public record QuotaResponse(String role, ResourceAggregate quota, ResourceAggregate prodConsumption,
      ResourceAggregate nonProdConsumption, ResourceAggregate prodSharedConsumption,
      ResourceAggregate nonProdSharedConsumption, ResourceAggregate prodDedicatedConsumption,
      ResourceAggregate nonProdDedicatedConsumption) {
  }

  /** A PENDING task and why it has not been placed (the latest offer's veto). */
  public record PendingTask(String taskId, JobKey job, int instanceId, String reason) {
  }

  public record PendingTasksResponse(List<PendingTask> pending) {
  }

  /** A cron job and when it runs next (null when its schedule never fires again). */
  public record CronJob(JobConfiguration job, String nextRun) {
  }

  public record CronJobsResponse(List<CronJob> cronJobs) {
  }

  /** What 'cron start' did. */
  public record CronStartResponse(JobKey job, String result) {
  }

  /** Body of maintenance requests: the hosts (agent host names). */
  public record HostsRequest(List<String> hosts) {
  }

  /** Body of an SLA-aware drain (aurora-admin sla_host_drain): the hosts, the SLA for jobs without one, a timeout. */
  public record SlaDrainRequest(List<String> hosts, io.github.auroradist.common.model.SlaPolicy defaultSlaPolicy,
      Long timeoutSecs) {
  }

  /** Hosts' maintenance modes, and the SLA-aware drains among them (left out when there are none). */
  public record MaintenanceResponse(java.util.Map<String, io.github.auroradist.common.model.MaintenanceMode> hosts,
      @JsonInclude(JsonInclude.Include.NON_EMPTY)
      java.util.Map<String, io.github.auroradist.scheduler.maintenance.SlaDrain> drains) {
    public MaintenanceResponse(java.util.Map<String, io.github.auroradist.common.model.MaintenanceMode> hosts) {
      this(hosts, java.util.Map.of());
    }
  }

  /** Body of reconcile: EXPLICIT (asking about each known task, {@code batchSize} a call) or IMPLICIT. */
  public record ReconcileRequest(String type, Integer batchSize) {
  }

  /** What reconcile did: how many tasks Mesos was asked about (0 for implicit, which asks about all at once). */
  public record ReconcileResponse(String type, int tasks) {
  }

  /** Body of task prune: which ended tasks to forget (every field optional; statuses default to every ended one). */
  public record PruneTasksRequest(String role, String environment, String name,
      java.util.Set<io.github.auroradist.common.model.ScheduleStatus> statuses, Integer limit) {
  }

  public record PruneTasksResponse(List<String> pruned) {
  }

  /** Body of recovery stage: the backup's name, as /api/admin/backups lists it. */
  public record StageRecoveryRequest(String backup) {
  }

  /** A refusal; {@code problems} lists each problem when a submission had several (left out otherwise). */
  public record ErrorResponse(String code, String message,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Problem> problems) {
    public ErrorResponse(String code, String message) {
      this(code, message, List.of());
    }
  }
}
