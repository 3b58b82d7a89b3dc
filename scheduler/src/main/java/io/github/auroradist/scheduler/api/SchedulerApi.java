package io.github.auroradist.scheduler.api;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.CronCollisionPolicy;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.Identity;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.api.ApiRecords.JobStats;
import io.github.auroradist.scheduler.api.ApiRecords.JobSummary;
import io.github.auroradist.scheduler.api.ApiRecords.QuotaResponse;
import io.github.auroradist.scheduler.api.ApiRecords.RoleSummary;
import io.github.auroradist.scheduler.cron.CronExpression;
import io.github.auroradist.scheduler.cron.CronScheduler;
import io.github.auroradist.scheduler.maintenance.HostMaintenance;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TransitionResult;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What users and operators can ask of the scheduler. The HTTP layer maps requests onto these
 * methods; every refusal is an {@link ApiException} naming the field and the reason.
 */
public final class SchedulerApi {
  /** Limits from the flags. */
  public record Settings(Pattern allowedEnvironments, int maxTasksPerJob, Tiers tiers) {
  }

  private static final Pattern PORT_NAME = Pattern.compile("[\\w\\-.]+");

  private final Storage storage;
  private final StateManager stateManager;
  private final Settings settings;
  private final Supplier<Boolean> isLeader;
  private final Supplier<Map<String, String>> pendingReasons;
  private volatile AdminActions admin;
  private volatile CronScheduler cron;
  private volatile HostMaintenance maintenance;

  /**
   * @param isLeader whether this scheduler leads and is ready for writes (followers never reach the API with a
   *     write while they know the leader: the HTTP server redirects those)
   */
  public SchedulerApi(Storage storage, StateManager stateManager, Settings settings, Supplier<Boolean> isLeader,
      Supplier<Map<String, String>> pendingReasons) {
    this.storage = storage;
    this.stateManager = stateManager;
    this.settings = settings;
    this.isLeader = isLeader;
    this.pendingReasons = pendingReasons;
  }

  /** Connects host maintenance (created after the API, with the task lifecycle). */
  public void connectMaintenance(HostMaintenance hosts) {
    this.maintenance = hosts;
  }

  // ---- host maintenance ----

  public ApiRecords.MaintenanceResponse startMaintenance(ApiRecords.HostsRequest request) {
    requireLeader();
    return new ApiRecords.MaintenanceResponse(maintenance().schedule(hosts(request)));
  }

  public ApiRecords.MaintenanceResponse drainHosts(ApiRecords.HostsRequest request) {
    requireLeader();
    return new ApiRecords.MaintenanceResponse(maintenance().drain(hosts(request)));
  }

  public ApiRecords.MaintenanceResponse endMaintenance(ApiRecords.HostsRequest request) {
    requireLeader();
    return new ApiRecords.MaintenanceResponse(maintenance().end(hosts(request)));
  }

  public ApiRecords.MaintenanceResponse maintenanceStatus(Set<String> hosts) {
    return new ApiRecords.MaintenanceResponse(maintenance().status(hosts == null ? Set.of() : hosts));
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

  private HostMaintenance maintenance() {
    HostMaintenance m = maintenance;
    if (m == null) {
      throw new ApiException(ApiException.ERROR, 503, "the scheduler is still starting; retry");
    }
    return m;
  }

  /** Connects the cron scheduler (created after the API, with the task lifecycle). */
  public void connectCron(CronScheduler scheduler) {
    this.cron = scheduler;
  }

  // ---- cron ----

  /** Schedules (or replaces) a cron job: 'aurora cron schedule'. */
  public ApiRecords.CronJob scheduleCronJob(JobConfiguration submitted) {
    requireLeader();
    JobConfiguration job = validate(submitted);
    if (!job.isCron()) {
      throw ApiException.invalid("cronSchedule: give the schedule (5 crontab fields) of the cron job");
    }
    try {
      CronExpression.parse(job.cronSchedule());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
    JobConfiguration withPolicy = job.cronCollisionPolicy() != null ? job
        : new JobConfiguration(job.key(), job.owner(), job.cronSchedule(), CronCollisionPolicy.KILL_EXISTING,
            job.instanceCount(), job.taskConfig());
    storage.write(store -> {
      Optional<JobConfiguration> existing = store.read().job(job.key());
      boolean activeNonCron = existing.map(j -> !j.isCron()).orElse(true) && !activeTasks(store.read(), job.key()).isEmpty();
      if (activeNonCron) {
        throw new ApiException(ApiException.JOB_EXISTS, 409, "job " + job.key() + " exists as a non-cron job with"
            + " active tasks; kill it first or use a different name");
      }
      checkQuota(store.read(), withPolicy.taskConfig(), withPolicy.instanceCount());
      store.add(new Op.SaveJob(withPolicy));
      return null;
    });
    return cronJob(withPolicy);
  }

  /** Removes a cron schedule ('aurora cron deschedule'); tasks of a running run go on. */
  public ApiRecords.CronJob descheduleCronJob(JobKey key) {
    requireLeader();
    return storage.write(store -> {
      JobConfiguration job = store.read().job(key).filter(JobConfiguration::isCron)
          .orElseThrow(() -> ApiException.notFound("there is no cron job " + key));
      store.add(new Op.RemoveJob(key));
      return new ApiRecords.CronJob(job, null);
    });
  }

  /** Runs a cron job now ('aurora cron start'), honouring its collision policy. */
  public ApiRecords.CronStartResponse startCronJob(JobKey key) {
    requireLeader();
    if (read().job(key).filter(JobConfiguration::isCron).isEmpty()) {
      throw ApiException.notFound("there is no cron job " + key);
    }
    return new ApiRecords.CronStartResponse(key, cronScheduler().trigger(key));
  }

  /** A cron job and its next run ('aurora cron show'). */
  public ApiRecords.CronJob getCronJob(JobKey key) {
    return read().job(key).filter(JobConfiguration::isCron).map(this::cronJob)
        .orElseThrow(() -> ApiException.notFound("there is no cron job " + key));
  }

  public List<ApiRecords.CronJob> cronJobs() {
    return read().jobs().stream().filter(JobConfiguration::isCron).map(this::cronJob).toList();
  }

  private ApiRecords.CronJob cronJob(JobConfiguration job) {
    return new ApiRecords.CronJob(job, cronScheduler().nextRun(job).map(Object::toString).orElse(null));
  }

  private CronScheduler cronScheduler() {
    CronScheduler c = cron;
    if (c == null) {
      throw new ApiException(ApiException.ERROR, 503, "the scheduler is still starting; retry");
    }
    return c;
  }

  /** Connects the storage actions (created with the log, after the API). */
  public void connectAdmin(AdminActions actions) {
    this.admin = actions;
  }

  /** aurora-admin scheduler_snapshot. */
  public Map<String, Object> snapshotNow() {
    requireLeader();
    try {
      return Map.of("logIndex", admin().snapshotNow());
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) {
      throw new ApiException(ApiException.ERROR, 500, "the snapshot failed: " + e.getMessage());
    }
  }

  /** aurora-admin scheduler_backup_now. */
  public Map<String, Object> backupNow() {
    requireLeader();
    try {
      return Map.of("file", admin().backupNow().toString());
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) {
      throw new ApiException(ApiException.ERROR, 500, "the backup failed: " + e.getMessage());
    }
  }

  /** aurora-admin scheduler_list_backups. */
  public Map<String, Object> listBackups() {
    try {
      return Map.of("backups", admin().listBackups().stream().map(p -> p.getFileName().toString()).toList());
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) {
      throw new ApiException(ApiException.ERROR, 500, "listing backups failed: " + e.getMessage());
    }
  }

  private AdminActions admin() {
    AdminActions a = admin;
    if (a == null) {
      throw new ApiException(ApiException.ERROR, 503, "the scheduler is still starting; retry");
    }
    return a;
  }

  /** Why a PENDING task did not fit the last offer it was tried on, if it was tried. */
  public Optional<String> pendingReason(String taskId) {
    return Optional.ofNullable(pendingReasons.get().get(taskId));
  }

  /** Every PENDING task with the reason it waits. */
  public List<ApiRecords.PendingTask> pendingTasks() {
    Map<String, String> reasons = pendingReasons.get();
    return read().tasks(t -> t.status() == ScheduleStatus.PENDING).stream()
        .map(t -> new ApiRecords.PendingTask(t.taskId(), t.jobKey(), t.assignedTask().instanceId(),
            reasons.getOrDefault(t.taskId(), "not yet matched against an offer")))
        .toList();
  }

  private StoreView read() {
    return storage.read();
  }

  private void requireLeader() {
    if (!isLeader.get()) {
      throw new ApiException(ApiException.NOT_LEADER, 503, "no scheduler leads the cluster now, so"
          + " nothing can be changed: a leader is being elected, or fewer than a quorum (a majority of the"
          + " schedulers in -native_log_peers) are up and reach each other; retry in a moment");
    }
  }

  // ---- writes ----

  /** Creates a job and its PENDING tasks. */
  public ApiRecords.TaskIdsResponse createJob(JobConfiguration submitted) {
    requireLeader();
    JobConfiguration job = validate(submitted);
    if (job.isCron()) {
      throw ApiException.invalid("cronSchedule: cron jobs are scheduled with 'aurora cron schedule', not created");
    }
    List<ScheduledTask> created = storage.write(store -> {
      List<ScheduledTask> active = activeTasks(store.read(), job.key());
      if (!active.isEmpty()) {
        throw new ApiException(ApiException.JOB_EXISTS, 409, "job " + job.key() + " already exists with "
            + active.size() + " active task(s); kill it first or use a different name");
      }
      checkQuota(store.read(), job.taskConfig(), job.instanceCount());
      store.add(new Op.SaveJob(job));
      Set<Integer> instances = new TreeSet<>();
      for (int i = 0; i < job.instanceCount(); i++) {
        instances.add(i);
      }
      return stateManager.insertPendingTasks(store, job.taskConfig(), instances);
    });
    return new ApiRecords.TaskIdsResponse(job.key(), created.stream().map(ScheduledTask::taskId).toList());
  }

  /** Kills the active tasks of the given instances (all when empty). */
  public ApiRecords.TaskIdsResponse killTasks(JobKey key, InstanceRanges instances, String message) {
    requireLeader();
    Predicate<Integer> wanted = selected(instances);
    List<String> killed = storage.write(store -> {
      List<ScheduledTask> active = activeTasks(store.read(), key);
      if (active.isEmpty() && store.read().job(key).isEmpty()) {
        throw ApiException.notFound("job " + key + " has no active tasks and is not known");
      }
      List<String> ids = new ArrayList<>();
      for (ScheduledTask t : active) {
        if (wanted.test(t.assignedTask().instanceId())) {
          TransitionResult r = stateManager.changeState(store, t.taskId(), Optional.of(t.status()),
              ScheduleStatus.KILLING, message == null ? "Killed by a user request" : message);
          if (r.allowed()) {
            ids.add(t.taskId());
          }
        }
      }
      boolean allGone = active.stream().allMatch(t -> ids.contains(t.taskId()) || t.status() == ScheduleStatus.KILLING);
      // A killed job is forgotten, but a cron job keeps its schedule (deschedule removes it).
      if (allGone && store.read().job(key).filter(j -> !j.isCron()).isPresent()) {
        store.add(new Op.RemoveJob(key));
      }
      return ids;
    });
    return new ApiRecords.TaskIdsResponse(key, killed);
  }

  /** Restarts the running tasks of the given instances (all when empty): each is killed and rescheduled. */
  public ApiRecords.TaskIdsResponse restartInstances(JobKey key, InstanceRanges instances) {
    requireLeader();
    Predicate<Integer> wanted = selected(instances);
    List<String> restarted = storage.write(store -> {
      List<ScheduledTask> active = activeTasks(store.read(), key);
      if (active.isEmpty()) {
        throw ApiException.notFound("job " + key + " has no active tasks to restart");
      }
      Set<Integer> present = active.stream().map(t -> t.assignedTask().instanceId()).collect(Collectors.toSet());
      if (instances != null) {
        // Bounded: a selection names at most MAX_INSTANCE_ID + 1 ids.
        for (InstanceRanges.Range r : instances.ranges()) {
          for (int i = r.first(); i <= r.last(); i++) {
            if (!present.contains(i)) {
              throw ApiException.invalid("instances: job " + key + " has no active instance " + i);
            }
          }
        }
      }
      List<String> ids = new ArrayList<>();
      for (ScheduledTask t : active) {
        if (wanted.test(t.assignedTask().instanceId())
            && EnumSet.of(ScheduleStatus.ASSIGNED, ScheduleStatus.STARTING, ScheduleStatus.RUNNING).contains(t.status())) {
          if (stateManager.changeState(store, t.taskId(), Optional.of(t.status()), ScheduleStatus.RESTARTING,
              "Restarted by a user request").allowed()) {
            ids.add(t.taskId());
          }
        }
      }
      return ids;
    });
    return new ApiRecords.TaskIdsResponse(key, restarted);
  }

  /** Adds {@code count} instances after the job's highest instance, with the job's task config. */
  public ApiRecords.TaskIdsResponse addInstances(JobKey key, ApiRecords.AddInstancesRequest request) {
    requireLeader();
    if (request == null || request.count() < 1) {
      throw ApiException.invalid("count: give the number of instances to add (at least 1)");
    }
    if (request.count() > settings.maxTasksPerJob()) {
      throw ApiException.invalid("count: " + request.count() + " instances are more than -max_tasks_per_job="
          + settings.maxTasksPerJob());
    }
    if (request.fromInstance() != null
        && (request.fromInstance() < 0 || request.fromInstance() > InstanceRanges.MAX_INSTANCE_ID)) {
      throw ApiException.invalid("fromInstance: " + request.fromInstance() + " is not an instance id (0 to "
          + InstanceRanges.MAX_INSTANCE_ID + ")");
    }
    List<ScheduledTask> created = storage.write(store -> {
      List<ScheduledTask> active = activeTasks(store.read(), key);
      Optional<JobConfiguration> job = store.read().job(key);
      if (active.isEmpty() && job.isEmpty()) {
        throw ApiException.notFound("job " + key + " does not exist");
      }
      TaskConfig config;
      if (request.fromInstance() != null) {
        config = active.stream().filter(t -> t.assignedTask().instanceId() == request.fromInstance())
            .map(t -> t.assignedTask().task()).findFirst()
            .orElseThrow(() -> ApiException.invalid("fromInstance: job " + key + " has no active instance "
                + request.fromInstance()));
      } else {
        config = job.map(JobConfiguration::taskConfig).orElse(active.get(0).assignedTask().task());
      }
      int highest = active.stream().mapToInt(t -> t.assignedTask().instanceId()).max().orElse(-1);
      int total = active.size() + request.count();
      if (total > settings.maxTasksPerJob()) {
        throw ApiException.invalid("count: job " + key + " would have " + total + " instances, more than"
            + " -max_tasks_per_job=" + settings.maxTasksPerJob());
      }
      checkQuota(store.read(), config, request.count());
      Set<Integer> ids = new TreeSet<>();
      for (int i = 1; i <= request.count(); i++) {
        ids.add(highest + i);
      }
      JobConfiguration base = job.orElse(new JobConfiguration(key, config.owner(), null, null, 0, config));
      store.add(new Op.SaveJob(base.withInstanceCount(highest + 1 + request.count())));
      return stateManager.insertPendingTasks(store, config, ids);
    });
    return new ApiRecords.TaskIdsResponse(key, created.stream().map(ScheduledTask::taskId).toList());
  }

  /**
   * Removes a job whatever its key (aurora-admin remove_job): kills its active tasks and forgets its configuration
   * and cron schedule, in one transaction. The key comes in a body, so keys no URL can carry ('..') are reachable.
   */
  public ApiRecords.RemoveJobResponse removeJob(JobKey key) {
    requireLeader();
    if (key == null) {
      throw ApiException.invalid("body: give the job key {\"role\", \"environment\", \"name\"}");
    }
    return storage.write(store -> {
      List<ScheduledTask> active = activeTasks(store.read(), key);
      boolean stored = store.read().job(key).isPresent();
      if (active.isEmpty() && !stored) {
        throw ApiException.notFound("job " + key + " has no active tasks and is not known");
      }
      List<String> killed = new ArrayList<>();
      for (ScheduledTask t : active) {
        if (stateManager.changeState(store, t.taskId(), Optional.of(t.status()), ScheduleStatus.KILLING,
            "Killed by an operator removing the job").allowed()) {
          killed.add(t.taskId());
        }
      }
      if (stored) {
        store.add(new Op.RemoveJob(key));
      }
      return new ApiRecords.RemoveJobResponse(key, killed, stored);
    });
  }

  /** Sets a role's quota (aurora-admin set_quota). */
  public QuotaResponse setQuota(String role, ResourceAggregate quota) {
    requireLeader();
    checkRole(role);
    if (quota == null || quota.cpu() < 0 || quota.ramMb() < 0 || quota.diskMb() < 0) {
      throw ApiException.invalid("quota: give cpu, ramMb and diskMb, none negative");
    }
    storage.write(new Op.SaveQuota(role, quota));
    return getQuota(role);
  }

  // ---- reads ----

  public List<JobConfiguration> listJobs(String role, String environment) {
    Map<JobKey, JobConfiguration> jobs = new TreeMap<>();
    for (JobConfiguration j : read().jobs()) {
      jobs.put(j.key(), j);
    }
    // Jobs known only from their tasks (e.g. all instances ended) still show, with the latest task's config.
    for (JobKey key : read().jobKeysWithTasks()) {
      if (!jobs.containsKey(key)) {
        List<ScheduledTask> tasks = read().tasksOf(key);
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

  /** Tasks matching every given criterion (null means any). */
  public List<ScheduledTask> getTasks(String role, String environment, String jobName, InstanceRanges instances,
      Set<ScheduleStatus> statuses) {
    Predicate<Integer> wanted = selected(instances);
    Predicate<ScheduledTask> filter = t -> {
      JobKey k = t.jobKey();
      return (role == null || k.role().equals(role))
          && (environment == null || k.environment().equals(environment))
          && (jobName == null || k.name().equals(jobName))
          && wanted.test(t.assignedTask().instanceId())
          && (statuses == null || statuses.isEmpty() || statuses.contains(t.status()));
    };
    if (role != null && environment != null && jobName != null) {
      return read().tasksOf(new JobKey(role, environment, jobName)).stream().filter(filter).toList();
    }
    return read().tasks(filter);
  }

  public Optional<ScheduledTask> getTask(String taskId) {
    return read().task(taskId);
  }

  public Tiers tiers() {
    return settings.tiers();
  }

  /** What each agent said about itself in its latest offer. */
  public List<HostAttributes> agents() {
    return read().allHostAttributes();
  }

  /** Every role's quota. */
  public Map<String, ResourceAggregate> quotas() {
    return new TreeMap<>(read().quotas());
  }

  public ApiRecords.JobSummaryResponse jobSummary(String role) {
    checkRole(role);
    List<JobSummary> summaries = new ArrayList<>();
    for (JobConfiguration job : listJobs(role, null)) {
      summaries.add(new JobSummary(job.key(), job.instanceCount(), job.isCron(), stats(read().tasksOf(job.key()))));
    }
    return new ApiRecords.JobSummaryResponse(role, summaries);
  }

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

  public QuotaResponse getQuota(String role) {
    checkRole(role);
    ResourceAggregate prod = ResourceAggregate.NONE;
    ResourceAggregate nonProd = ResourceAggregate.NONE;
    for (ScheduledTask t : read().tasks(t -> t.status().isActive() && t.jobKey().role().equals(role))) {
      ResourceAggregate r = ResourceAggregate.of(t.assignedTask().task().resources());
      if (t.assignedTask().task().production()) {
        prod = prod.plus(r);
      } else {
        nonProd = nonProd.plus(r);
      }
    }
    return new QuotaResponse(role, read().quota(role).orElse(ResourceAggregate.NONE), prod, nonProd);
  }

  // ---- validation ----

  private static void checkRole(String role) {
    if (role == null || !JobKey.PART.matcher(role).matches()) {
      throw ApiException.invalid("role: '" + role + "' is not a valid role; use letters, digits, '_', '-' and '.'");
    }
  }

  private void checkQuota(StoreView view, TaskConfig config, int newInstances) {
    if (!config.production()) {
      return;
    }
    String role = config.job().role();
    ResourceAggregate quota = view.quota(role).orElse(ResourceAggregate.NONE);
    ResourceAggregate used = ResourceAggregate.NONE;
    for (ScheduledTask t : view.tasks(t -> t.status().isActive() && t.jobKey().role().equals(role)
        && t.assignedTask().task().production())) {
      used = used.plus(ResourceAggregate.of(t.assignedTask().task().resources()));
    }
    ResourceAggregate wanted = used.plus(ResourceAggregate.of(config.resources()).times(newInstances));
    if (!wanted.fitsIn(quota)) {
      throw ApiException.invalid("taskConfig.production: role " + role + " lacks quota for this production job:"
          + " it would use " + wanted + " but its quota is " + quota + " (ask an operator: aurora-admin set_quota)");
    }
  }

  /** Checks a submitted job and fills in what may be left out (task job key and owner). */
  public JobConfiguration validate(JobConfiguration job) {
    if (job == null) {
      throw ApiException.invalid("body: give a job configuration");
    }
    if (job.key() == null) {
      throw ApiException.invalid("key: give the job key {role, environment, name}");
    }
    JobKey key = job.key();
    List<String> keyProblems = key.problemsForNewJob();
    if (!keyProblems.isEmpty()) {
      throw ApiException.invalid("key: " + String.join("; ", keyProblems));
    }
    if (!settings.allowedEnvironments().matcher(key.environment()).matches()) {
      throw ApiException.invalid("key.environment: '" + key.environment() + "' is not allowed here; it must match "
          + settings.allowedEnvironments().pattern());
    }
    if (job.instanceCount() < 1) {
      throw ApiException.invalid("instanceCount: must be at least 1, was " + job.instanceCount());
    }
    if (job.instanceCount() > settings.maxTasksPerJob()) {
      throw ApiException.invalid("instanceCount: " + job.instanceCount() + " is more than -max_tasks_per_job="
          + settings.maxTasksPerJob());
    }
    TaskConfig task = job.taskConfig();
    if (task == null) {
      throw ApiException.invalid("taskConfig: give the task configuration");
    }
    if (task.job() != null && !task.job().equals(key)) {
      throw ApiException.invalid("taskConfig.job: " + task.job() + " differs from the job key " + key
          + "; leave it out or make them equal");
    }
    Identity owner = job.owner() != null ? job.owner() : task.owner() != null ? task.owner() : new Identity(key.role());
    Resources r = task.resources();
    if (r == null) {
      throw ApiException.invalid("taskConfig.resources: give cpu, ramMb and diskMb");
    }
    if (!(r.cpu() > 0)) {
      throw ApiException.invalid("taskConfig.resources.cpu: must be more than 0, was " + r.cpu());
    }
    if (r.ramMb() <= 0) {
      throw ApiException.invalid("taskConfig.resources.ramMb: must be more than 0, was " + r.ramMb());
    }
    if (r.diskMb() <= 0) {
      throw ApiException.invalid("taskConfig.resources.diskMb: must be more than 0, was " + r.diskMb());
    }
    if (r.gpus() < 0) {
      throw ApiException.invalid("taskConfig.resources.gpus: cannot be negative, was " + r.gpus());
    }
    for (String port : r.namedPorts()) {
      if (!PORT_NAME.matcher(port).matches()) {
        throw ApiException.invalid("taskConfig.resources.namedPorts: '" + port + "' is not a valid port name");
      }
    }
    if (task.executorConfig() == null || task.executorConfig().name() == null || task.executorConfig().data() == null) {
      throw ApiException.invalid("taskConfig.executorConfig: give the executor name and its data");
    }
    if (task.maxTaskFailures() < -1) {
      throw ApiException.invalid("taskConfig.maxTaskFailures: must be -1 (unlimited) or more, was "
          + task.maxTaskFailures());
    }
    Set<String> constraintNames = new HashSet<>();
    for (Constraint c : task.constraints()) {
      if (!constraintNames.add(c.name())) {
        throw ApiException.invalid("taskConfig.constraints: more than one constraint on '" + c.name() + "'");
      }
      if (c.isDedicated() && c.value() != null) {
        for (String v : c.value().values()) {
          String dedicatedRole = v.contains("/") ? v.substring(0, v.indexOf('/')) : v;
          if (!dedicatedRole.equals("*") && !dedicatedRole.equals(key.role())) {
            throw ApiException.invalid("taskConfig.constraints.dedicated: '" + v + "' is dedicated to role "
                + dedicatedRole + ", not " + key.role());
          }
        }
      }
    }
    String tier = task.tier();
    if (tier == null) {
      tier = task.production() && settings.tiers().tiers().containsKey("preferred") ? "preferred"
          : settings.tiers().defaultTier();
    } else if (!settings.tiers().tiers().containsKey(tier)) {
      throw ApiException.invalid("taskConfig.tier: '" + tier + "' is not a tier here; the tiers are "
          + new TreeSet<>(settings.tiers().tiers().keySet()));
    }
    TaskConfig filled = new TaskConfig(key, owner, r, task.constraints(), task.isService(), task.production(),
        task.priority(), tier, task.maxTaskFailures(), task.contactEmail(), task.metadata(), task.executorConfig());
    return new JobConfiguration(key, owner, job.cronSchedule(), job.cronCollisionPolicy(), job.instanceCount(), filled);
  }

  /** Whether an instance is selected: every instance when no (or an empty) selection is given. */
  private static Predicate<Integer> selected(InstanceRanges instances) {
    return instances == null || instances.isEmpty() ? i -> true : instances::contains;
  }

  private static List<ScheduledTask> activeTasks(StoreView view, JobKey key) {
    return view.tasksOf(key).stream().filter(t -> t.status().isActive()).toList();
  }
}
