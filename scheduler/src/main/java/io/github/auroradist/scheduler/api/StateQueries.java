package io.github.auroradist.scheduler.api;

import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.api.ApiRecords.JobStats;
import io.github.auroradist.scheduler.api.ApiRecords.JobSummary;
import io.github.auroradist.scheduler.api.ApiRecords.RoleSummary;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What anyone may read of the cluster's state: jobs, tasks, summaries, agents, pending reasons. */
public final class StateQueries {
  private final Storage storage;
  private final Tiers tiers;
  private final Supplier<Map<String, String>> pendingReasons;

  /** @param pendingReasons why each PENDING task tried on an offer did not fit it (task id to reason) */
  public StateQueries(Storage storage, Tiers tiers, Supplier<Map<String, String>> pendingReasons) {
    this.storage = storage;
    this.tiers = tiers;
    this.pendingReasons = pendingReasons;
  }

  /** Jobs of a role and environment (null means any), including jobs known only from their tasks. */
  public List<JobConfiguration> listJobs(String role, String environment) {
    StoreView view = storage.read();
    Map<JobKey, JobConfiguration> jobs = new TreeMap<>();
    for (JobConfiguration j : view.jobs()) {
      jobs.put(j.key(), j);
    }
    // Jobs known only from their tasks (e.g. all instances ended) still show, with the latest task's config.
    for (JobKey key : view.jobKeysWithTasks()) {
      if (!jobs.containsKey(key)) {
        List<ScheduledTask> tasks = view.tasksOf(key);
        TaskConfig config = tasks.get(tasks.size() - 1).assignedTask().task();
        int count = (int) tasks.stream().filter(t -> t.status().isActive()).count();
        jobs.put(key, new JobConfiguration(key, config.owner(), null, null, count, config));
      }
    }
    return jobs.values().stream()
        .filter(j -> role == null || j.key().role().equals(role))
        .filter(j -> environment == null || j.key().environment().equals(environment))
        .toList();
  }

  public Optional<JobConfiguration> getJob(JobKey key) {
    return listJobs(key.role(), key.environment()).stream().filter(j -> j.key().equals(key)).findFirst();
  }

  /** Tasks matching every given criterion (null, or an empty selection, means any). */
  public List<ScheduledTask> getTasks(String role, String environment, String jobName, InstanceRanges instances,
      Set<ScheduleStatus> statuses) {
    IntPredicate wanted = selected(instances);
    Predicate<ScheduledTask> filter = t -> {
      JobKey k = t.jobKey();
      return (role == null || k.role().equals(role))
          && (environment == null || k.environment().equals(environment))
          && (jobName == null || k.name().equals(jobName))
          && wanted.test(t.assignedTask().instanceId())
          && (statuses == null || statuses.isEmpty() || statuses.contains(t.status()));
    };
    if (role != null && environment != null && jobName != null) {
      return storage.read().tasksOf(new JobKey(role, environment, jobName)).stream().filter(filter).toList();
    }
    return storage.read().tasks(filter);
  }

  /** Every task of a job. */
  public List<ScheduledTask> tasksOf(JobKey key) {
    return storage.read().tasksOf(key);
  }

  public Optional<ScheduledTask> getTask(String taskId) {
    return storage.read().task(taskId);
  }

  public Tiers tiers() {
    return tiers;
  }

  /** What each agent said about itself in its latest offer. */
  public List<HostAttributes> agents() {
    return storage.read().allHostAttributes();
  }

  /** Why a PENDING task did not fit the last offer it was tried on, if it was tried. */
  public Optional<String> pendingReason(String taskId) {
    return Optional.ofNullable(pendingReasons.get().get(taskId));
  }

  /** Every PENDING task with the reason it waits. */
  public List<ApiRecords.PendingTask> pendingTasks() {
    Map<String, String> reasons = pendingReasons.get();
    return storage.read().tasksIn(ScheduleStatus.PENDING).stream()
        .map(t -> new ApiRecords.PendingTask(t.taskId(), t.jobKey(), t.assignedTask().instanceId(),
            reasons.getOrDefault(t.taskId(), "not yet matched against an offer")))
        .toList();
  }

  public ApiRecords.JobSummaryResponse jobSummary(String role) {
    QuotaService.checkRole(role);
    List<JobSummary> summaries = new ArrayList<>();
    for (JobConfiguration job : listJobs(role, null)) {
      summaries.add(new JobSummary(job.key(), job.instanceCount(), job.isCron(), stats(tasksOf(job.key()))));
    }
    return new ApiRecords.JobSummaryResponse(role, summaries);
  }

  /** Task counts by kind, as Aurora's job summary counts them. */
  public static JobStats stats(List<ScheduledTask> tasks) {
    int active = 0;
    int pending = 0;
    int finished = 0;
    int failed = 0;
    for (ScheduledTask t : tasks) {
      switch (t.status()) {
        case PENDING, THROTTLED -> pending++;
        case FINISHED -> finished++;
        case FAILED, LOST, KILLED -> failed++;
        default -> active++;
      }
    }
    return new JobStats(active, pending, finished, failed);
  }

  public ApiRecords.RoleSummaryResponse roleSummary() {
    Map<String, int[]> counts = new TreeMap<>();
    for (JobConfiguration job : listJobs(null, null)) {
      int[] c = counts.computeIfAbsent(job.key().role(), r -> new int[2]);
      c[0]++;
      if (job.isCron()) {
        c[1]++;
      }
    }
    List<RoleSummary> summaries = new ArrayList<>();
    counts.forEach((role, c) -> summaries.add(new RoleSummary(role, c[0], c[1])));
    return new ApiRecords.RoleSummaryResponse(summaries);
  }

  /** Whether an instance is selected: every instance when no (or an empty) selection is given. */
  static IntPredicate selected(InstanceRanges instances) {
    return instances == null || instances.isEmpty() ? i -> true : instances::contains;
  }

  /** The active tasks of a job. */
  static List<ScheduledTask> activeTasks(StoreView view, JobKey key) {
    return view.tasksOf(key).stream().filter(t -> t.status().isActive()).toList();
  }
}
