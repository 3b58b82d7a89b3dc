package io.github.auroradist.scheduler.api;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.api.validation.JobValidator;
import io.github.auroradist.scheduler.api.validation.Problem;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreView;
import io.github.auroradist.scheduler.updates.JobUpdater;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/** A job's life: create, kill, restart, add instances, and removal by an operator. */
public final class JobService {
  private static final Set<ScheduleStatus> RESTARTABLE =
      EnumSet.of(ScheduleStatus.ASSIGNED, ScheduleStatus.STARTING, ScheduleStatus.RUNNING);

  private final Storage storage;
  private final StateManager stateManager;
  private final LeaderGate leader;
  private final JobValidator validator;
  private final JobUpdater updater;

  public JobService(Storage storage, StateManager stateManager, LeaderGate leader, JobValidator validator,
      JobUpdater updater) {
    this.storage = storage;
    this.stateManager = stateManager;
    this.leader = leader;
    this.validator = validator;
    this.updater = updater;
  }

  /** Creates a job and its PENDING tasks. */
  public ApiRecords.TaskIdsResponse createJob(JobConfiguration submitted) {
    leader.requireLeader();
    List<Problem> cron = submitted != null && submitted.isCron()
        ? List.of(new Problem("cronSchedule", "cron jobs are scheduled with 'aurora cron schedule', not created"))
        : List.of();
    JobConfiguration job = accept(validator, storage.read(), submitted, cron);
    List<ScheduledTask> created = storage.write(store -> {
      List<ScheduledTask> active = StateQueries.activeTasks(store.read(), job.key());
      if (!active.isEmpty()) {
        throw new ApiException(ApiException.JOB_EXISTS, 409, "job " + job.key() + " already exists with "
            + active.size() + " active task(s); kill it first or use a different name");
      }
      QuotaService.requireQuotaFor(store.read(), job);
      store.add(new Op.SaveJob(job));
      Set<Integer> instances = new TreeSet<>();
      for (int i = 0; i < job.instanceCount(); i++) {
        instances.add(i);
      }
      return stateManager.insertPendingTasks(store, job.taskConfig(), instances);
    });
    return new ApiRecords.TaskIdsResponse(job.key(), created.stream().map(ScheduledTask::taskId).toList());
  }

  /**
   * The submitted job with its defaults filled in, or a refusal naming every problem at once: the validator's,
   * {@code extra}, and quota (checked again inside the write that adds the tasks).
   */
  static JobConfiguration accept(JobValidator validator, StoreView view, JobConfiguration submitted,
      List<Problem> extra) {
    JobValidator.Result result = validator.validate(submitted);
    List<Problem> problems = new ArrayList<>(result.problems());
    problems.addAll(extra);
    if (result.job() != null) {
      QuotaService.lacksQuotaToReplace(view, result.job().key(), QuotaService.quotaUse(result.job().taskConfig(),
          result.job().instanceCount()), "taskConfig.production").ifPresent(problems::add);
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return result.job();
  }

  /**
   * Kills the active tasks of the given instances (all when null or empty); their events name the caller, with the
   * caller's message.
   */
  public ApiRecords.TaskIdsResponse killTasks(JobKey key, InstanceRanges instances, String message, Caller caller) {
    leader.requireLeader();
    IntPredicate wanted = StateQueries.selected(instances);
    List<String> killed = storage.write(store -> {
      List<ScheduledTask> active = StateQueries.activeTasks(store.read(), key);
      if (active.isEmpty() && store.read().job(key).isEmpty()) {
        throw ApiException.notFound("job " + key + " has no active tasks and is not known");
      }
      List<ScheduledTask> chosen = active.stream().filter(t -> wanted.test(t.assignedTask().instanceId())).toList();
      List<String> ids = kill(store, chosen, "Killed by " + caller.user()
          + (message == null || message.isBlank() ? "" : ": " + message));
      boolean allGone = active.stream().allMatch(t -> ids.contains(t.taskId()) || t.status() == ScheduleStatus.KILLING);
      // A killed job is forgotten, but a cron job keeps its schedule (deschedule removes it).
      if (allGone && store.read().job(key).filter(j -> !j.isCron()).isPresent()) {
        store.add(new Op.RemoveJob(key));
      }
      if (allGone) {
        updater.jobKilled(store, key, caller.user());
      }
      return ids;
    });
    return new ApiRecords.TaskIdsResponse(key, killed);
  }

  /**
   * Removes a job whatever its key (aurora-admin remove_job): kills its active tasks and forgets its configuration
   * and cron schedule, in one transaction. The key comes in a body, so keys no URL can carry ('..') are reachable.
   */
  public ApiRecords.RemoveJobResponse removeJob(JobKey key, Caller caller) {
    leader.requireLeader();
    if (key == null) {
      throw ApiException.invalid("body: give the job key {\"role\", \"environment\", \"name\"}");
    }
    return storage.write(store -> {
      List<ScheduledTask> active = StateQueries.activeTasks(store.read(), key);
      boolean stored = store.read().job(key).isPresent();
      if (active.isEmpty() && !stored) {
        throw ApiException.notFound("job " + key + " has no active tasks and is not known");
      }
      List<String> killed = kill(store, active, "Killed by " + caller.user() + ", an operator removing the job");
      updater.jobKilled(store, key, caller.user());
      if (stored) {
        store.add(new Op.RemoveJob(key));
      }
      return new ApiRecords.RemoveJobResponse(key, killed, stored);
    });
  }

  /** Moves the tasks to KILLING (a PENDING one is deleted); returns those the state machine let go. */
  private List<String> kill(Storage.MutableStore store, List<ScheduledTask> tasks, String message) {
    List<String> ids = new ArrayList<>();
    for (ScheduledTask t : tasks) {
      if (stateManager.changeState(store, t.taskId(), Optional.of(t.status()), ScheduleStatus.KILLING, message)
          .allowed()) {
        ids.add(t.taskId());
      }
    }
    return ids;
  }

  /** Restarts the running tasks of the given instances (all when empty): each is killed and rescheduled. */
  public ApiRecords.TaskIdsResponse restartInstances(JobKey key, InstanceRanges instances, Caller caller) {
    leader.requireLeader();
    IntPredicate wanted = StateQueries.selected(instances);
    List<String> restarted = storage.write(store -> {
      List<ScheduledTask> active = StateQueries.activeTasks(store.read(), key);
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
        if (wanted.test(t.assignedTask().instanceId()) && RESTARTABLE.contains(t.status())
            && stateManager.changeState(store, t.taskId(), Optional.of(t.status()), ScheduleStatus.RESTARTING,
                "Restarted by " + caller.user()).allowed()) {
          ids.add(t.taskId());
        }
      }
      return ids;
    });
    return new ApiRecords.TaskIdsResponse(key, restarted);
  }

  /** Adds {@code count} instances after the job's highest instance, with the job's task config. */
  public ApiRecords.TaskIdsResponse addInstances(JobKey key, ApiRecords.AddInstancesRequest request) {
    leader.requireLeader();
    int maxTasks = validator.rules().maxTasksPerJob();
    if (request == null || request.count() < 1) {
      throw ApiException.invalid("count: give the number of instances to add (at least 1)");
    }
    if (request.count() > maxTasks) {
      throw ApiException.invalid("count: " + request.count() + " instances are more than -max_tasks_per_job="
          + maxTasks);
    }
    if (request.fromInstance() != null
        && (request.fromInstance() < 0 || request.fromInstance() > InstanceRanges.MAX_INSTANCE_ID)) {
      throw ApiException.invalid("fromInstance: " + request.fromInstance() + " is not an instance id (0 to "
          + InstanceRanges.MAX_INSTANCE_ID + ")");
    }
    List<ScheduledTask> created = storage.write(store -> {
      List<ScheduledTask> active = StateQueries.activeTasks(store.read(), key);
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
      if (total > maxTasks) {
        throw ApiException.invalid("count: job " + key + " would have " + total + " instances, more than"
            + " -max_tasks_per_job=" + maxTasks);
      }
      QuotaService.requireQuota(store.read(), config, request.count());
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
}
