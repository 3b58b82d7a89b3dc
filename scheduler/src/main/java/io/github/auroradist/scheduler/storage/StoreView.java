package io.github.auroradist.scheduler.storage;

import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.scheduler.maintenance.SlaDrain;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Read access to the stores. */
public interface StoreView {
  Optional<ScheduledTask> task(String taskId);

  List<ScheduledTask> tasks(Predicate<ScheduledTask> filter);

  List<ScheduledTask> tasksOf(JobKey job);

  /** The tasks in {@code status}, by task id, from an index kept with the tasks (no walk over every task). */
  List<ScheduledTask> tasksIn(ScheduleStatus status);

  /** How many tasks are in {@code status}. */
  int countIn(ScheduleStatus status);

  /**
   * How many of the job's active tasks each host runs (hosts with none are absent), from an index kept with the
   * tasks; a copy the caller may change.
   */
  Map<String, Integer> activeTasksByHost(JobKey job);

  /** Jobs that have at least one stored task (active or not). */
  List<JobKey> jobKeysWithTasks();

  Optional<JobConfiguration> job(JobKey key);

  List<JobConfiguration> jobs();

  Optional<String> frameworkId();

  Optional<HostAttributes> hostAttributes(String host);

  List<HostAttributes> allHostAttributes();

  Optional<ResourceAggregate> quota(String role);

  Map<String, ResourceAggregate> quotas();

  /** A host's maintenance mode (NONE when it has none). */
  MaintenanceMode maintenance(String host);

  /** Hosts whose mode is not NONE. */
  Map<String, MaintenanceMode> hostsInMaintenance();

  /** A job update by its id. */
  Optional<JobUpdateDetails> jobUpdate(String updateId);

  /** Every stored job update, newest (by creation) first. */
  List<JobUpdateDetails> jobUpdates();

  /** The updates of one job, newest first. */
  List<JobUpdateDetails> jobUpdatesOf(JobKey job);

  /** The updates that are not over yet (of every job). */
  List<JobUpdateDetails> activeJobUpdates();

  /** The job's update that is not over yet, if it has one (a job has at most one). */
  default Optional<JobUpdateDetails> activeJobUpdate(JobKey job) {
    return jobUpdatesOf(job).stream().filter(u -> u.update().summary().state().status().isActive()).findFirst();
  }

  /** The HTTP address a scheduler (by log peer id) recorded when it last became leader. */
  Optional<String> schedulerEndpoint(String peerId);

  /** The SLA-aware drains under way, by host. */
  Map<String, SlaDrain> slaDrains();

  /** Whether the host is in maintenance because Mesos's maintenance schedule asked for it. */
  boolean drainedForMesos(String host);
}
