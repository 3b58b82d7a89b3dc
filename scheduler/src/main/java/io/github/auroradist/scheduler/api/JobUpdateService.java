package io.github.auroradist.scheduler.api;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateDiff;
import io.github.auroradist.common.model.update.JobUpdateRequest;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import io.github.auroradist.common.model.update.StartJobUpdateResult;
import io.github.auroradist.scheduler.api.validation.JobValidator;
import io.github.auroradist.scheduler.api.validation.Problem;
import io.github.auroradist.scheduler.api.validation.UpdateSettingsValidator;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreView;
import io.github.auroradist.scheduler.updates.JobUpdater;
import io.github.auroradist.scheduler.updates.UpdatePlan;
import io.github.auroradist.scheduler.updates.UpdateRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * Rolling job updates ('aurora update start|pause|resume|abort|rollback|list|info' and 'aurora job diff'); the
 * updater in {@code scheduler/updates} carries them out.
 */
public final class JobUpdateService {
  private final Storage storage;
  private final LeaderGate leader;
  private final JobValidator validator;
  private final JobUpdater updater;

  public JobUpdateService(Storage storage, LeaderGate leader, JobValidator validator, JobUpdater updater) {
    this.storage = storage;
    this.leader = leader;
    this.validator = validator;
    this.updater = updater;
  }

  /** Starts an update; the result has no summary when the job already is as proposed. */
  public StartJobUpdateResult startUpdate(JobUpdateRequest request, Caller caller) {
    leader.requireLeader();
    if (request == null || request.job() == null) {
      throw ApiException.invalid("job: give the proposed job configuration and the update settings");
    }
    List<Problem> extra = new ArrayList<>(UpdateSettingsValidator.problems(request.settings(),
        request.job().instanceCount()));
    slaAwareProblem(request).ifPresent(extra::add);
    if (request.job().isCron()) {
      extra.add(new Problem("job.cronSchedule", "cron jobs are not updated; change them with 'aurora cron"
          + " schedule'"));
    }
    JobConfiguration proposed = validated(request.job(), "job.", extra);
    JobUpdateSettings settings = request.settings();
    return refusals(() -> updater.start(proposed, settings, caller.user(), request.message(),
        view -> checkStart(view, proposed, settings)))
        .map(s -> new StartJobUpdateResult(s, "update " + s.key().id() + " of job " + s.key().job().path()
            + " started"))
        .orElseGet(() -> new StartJobUpdateResult(null, "job " + proposed.key().path() + " already is as proposed:"
            + " no instance would change, so no update started"));
  }

  /**
   * An SLA-aware update keeps the proposed configuration's SLA policy, so it must have one (the job's own
   * validation checks the policy itself).
   */
  private static java.util.Optional<Problem> slaAwareProblem(JobUpdateRequest request) {
    boolean slaAware = request.settings() != null && request.settings().slaAware();
    if (!slaAware || request.job().taskConfig() == null || request.job().taskConfig().slaPolicy() != null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Problem("settings.slaAware", "an SLA-aware update (sla_aware=True) keeps"
        + " the job's SLA policy, and the job has none: give its task an sla_policy, or set sla_aware=False"));
  }

  /**
   * The proposed job with defaults filled in, or a refusal naming each of its problems (their fields under
   * {@code prefix}, where the job is in the body) and {@code extra}.
   */
  private JobConfiguration validated(JobConfiguration job, String prefix, List<Problem> extra) {
    JobValidator.Result result = validator.validate(job);
    List<Problem> problems = new ArrayList<>();
    result.problems().forEach(p -> problems.add(new Problem(prefix + p.field(), p.message())));
    problems.addAll(extra);
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return result.job();
  }

  /** Inside the write that starts it: the job must exist, not be a cron job, and the role's quota must hold. */
  private static void checkStart(StoreView view, JobConfiguration proposed, JobUpdateSettings settings) {
    JobKey key = proposed.key();
    if (view.job(key).filter(JobConfiguration::isCron).isPresent()) {
      throw ApiException.invalid(List.of(new Problem("job", "job " + key.path() + " is a cron job; change it with"
          + " 'aurora cron schedule'")));
    }
    SortedMap<Integer, TaskConfig> current = UpdatePlan.currentConfigs(view, key);
    if (current.isEmpty()) {
      throw ApiException.notFound("job " + key.path() + " does not exist (it has no active instances); create it with"
          + " 'aurora job create'");
    }
    // The job as it will be: the proposed configuration on the instances in scope, the current one elsewhere.
    InstanceRanges only = settings.updateOnlyTheseInstances();
    ResourceAggregate after = ResourceAggregate.NONE;
    int end = Math.max(proposed.instanceCount(), current.lastKey() + 1);
    for (int i = 0; i < end; i++) {
      boolean inScope = only == null || only.contains(i);
      TaskConfig config = inScope ? (i < proposed.instanceCount() ? proposed.taskConfig() : null) : current.get(i);
      if (config != null) {
        after = after.plus(QuotaService.quotaUse(config, 1));
      }
    }
    QuotaService.lacksQuotaToReplace(view, key, after, "job.taskConfig.production").ifPresent(p -> {
      throw ApiException.invalid(List.of(p));
    });
  }

  public JobUpdateSummary pause(JobKey job, String message, Caller caller) {
    leader.requireLeader();
    return refusals(() -> updater.pause(job, caller.user(), message));
  }

  public JobUpdateSummary resume(JobKey job, String message, Caller caller) {
    leader.requireLeader();
    return refusals(() -> updater.resume(job, caller.user(), message));
  }

  public JobUpdateSummary abort(JobKey job, String message, Caller caller) {
    leader.requireLeader();
    return refusals(() -> updater.abort(job, caller.user(), message));
  }

  public JobUpdateSummary rollback(JobKey job, String message, Caller caller) {
    leader.requireLeader();
    return refusals(() -> updater.rollback(job, caller.user(), message));
  }

  /** A coordinated update's pulse: {@code {"status": "OK"}} while it runs, {@code FINISHED} once it has ended. */
  public Map<String, String> pulse(JobKey job, String updateId, Caller caller) {
    leader.requireLeader();
    details(job, updateId);
    return Map.of("status", refusals(() -> updater.pulse(updateId, caller.user())).name());
  }

  /** Updates matching every given filter (null: any), newest first. */
  public List<JobUpdateSummary> list(String role, String environment, String name, String user,
      Set<JobUpdateStatus> statuses) {
    return storage.read().jobUpdates().stream().map(d -> d.update().summary())
        .filter(s -> role == null || s.key().job().role().equals(role))
        .filter(s -> environment == null || s.key().job().environment().equals(environment))
        .filter(s -> name == null || s.key().job().name().equals(name))
        .filter(s -> user == null || user.equals(s.user()))
        .filter(s -> statuses == null || statuses.isEmpty() || statuses.contains(s.state().status()))
        .toList();
  }

  /** The updates of one job, newest first. */
  public List<JobUpdateSummary> updatesOf(JobKey job) {
    return storage.read().jobUpdatesOf(job).stream().map(d -> d.update().summary()).toList();
  }

  /** One update with its settings and history. */
  public JobUpdateDetails details(JobKey job, String updateId) {
    return storage.read().jobUpdate(updateId).filter(d -> d.update().summary().key().job().equals(job))
        .orElseThrow(() -> ApiException.notFound("job " + job.path() + " has no update " + updateId));
  }

  /**
   * What updating the job at {@code key} to {@code proposed} would do to each instance; for a job that does not
   * exist, every instance is added.
   */
  public JobUpdateDiff diff(JobKey key, JobConfiguration proposed) {
    JobConfiguration job = validated(proposed, "", proposed != null && proposed.key() != null
        && !proposed.key().equals(key) ? List.of(new Problem("key", proposed.key().path() + " differs from the job"
        + " in the path, " + key.path() + "; make them equal")) : List.of());
    SortedMap<Integer, TaskConfig> current = UpdatePlan.currentConfigs(storage.read(), key);
    return UpdatePlan.diff(current, job.taskConfig(), job.instanceCount());
  }

  /** Runs an updater call, turning its refusals into the API's. */
  private static <T> T refusals(Supplier<T> call) {
    try {
      return call.get();
    } catch (UpdateRefusedException e) {
      throw switch (e.reason()) {
        case NOT_FOUND -> ApiException.notFound(e.getMessage());
        case CONFLICT -> new ApiException(ApiException.UPDATE_CONFLICT, 409, e.getMessage());
        case INVALID -> ApiException.invalid(e.getMessage());
      };
    }
  }
}
