package io.github.auroradist.scheduler.api;

import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.api.ApiRecords.QuotaResponse;
import io.github.auroradist.scheduler.api.validation.Problem;
import io.github.auroradist.scheduler.quota.QuotaConsumption;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Roles' quotas: what production jobs of a role may use together (aurora-admin set_quota, aurora quota get). */
public final class QuotaService {
  private static final Logger LOG = LoggerFactory.getLogger(QuotaService.class);
  private final Storage storage;
  private final LeaderGate leader;

  public QuotaService(Storage storage, LeaderGate leader) {
    this.storage = storage;
    this.leader = leader;
  }

  /** Sets a role's quota (aurora-admin set_quota). */
  public QuotaResponse setQuota(String role, ResourceAggregate quota, Caller caller) {
    leader.requireLeader();
    checkRole(role);
    if (quota == null || quota.cpu() < 0 || quota.ramMb() < 0 || quota.diskMb() < 0 || quota.gpus() < 0) {
      throw ApiException.invalid("quota: give cpu, ramMb and diskMb (and gpus, 0 when left out), none negative");
    }
    storage.write(new Op.SaveQuota(role, quota));
    LOG.info("Quota of role {} set to {} by {}", role, quota, caller.user());
    return getQuota(role);
  }

  /** A role's quota and what its active tasks use now. */
  public QuotaResponse getQuota(String role) {
    checkRole(role);
    StoreView view = storage.read();
    ResourceAggregate prod = ResourceAggregate.NONE;
    ResourceAggregate nonProd = ResourceAggregate.NONE;
    for (ScheduledTask t : view.tasks(t -> t.status().isActive() && t.jobKey().role().equals(role))) {
      ResourceAggregate r = ResourceAggregate.of(t.assignedTask().task().resources());
      if (t.assignedTask().task().production()) {
        prod = prod.plus(r);
      } else {
        nonProd = nonProd.plus(r);
      }
    }
    QuotaConsumption consumption = QuotaConsumption.of(view, role);
    return new QuotaResponse(role, view.quota(role).orElse(ResourceAggregate.NONE), prod, nonProd,
        consumption.prodShared(), consumption.nonProdShared(), consumption.prodDedicated(),
        consumption.nonProdDedicated());
  }

  /** Every role's quota. */
  public Map<String, ResourceAggregate> quotas() {
    return new TreeMap<>(storage.read().quotas());
  }

  /**
   * Why {@code newInstances} more tasks of {@code config} would not fit the role's quota, if they would not: its
   * production shared consumption (as {@code aurora quota get} shows it) plus theirs. Tasks that need no quota
   * ({@link QuotaConsumption#needsQuota}) always fit.
   */
  public static Optional<Problem> lacksQuota(StoreView view, TaskConfig config, int newInstances) {
    if (!QuotaConsumption.needsQuota(config)) {
      return Optional.empty();
    }
    String role = config.job().role();
    ResourceAggregate wanted = QuotaConsumption.of(view, role).prodShared()
        .plus(ResourceAggregate.of(config.resources()).times(newInstances));
    return refusal(view, role, wanted, "taskConfig.production", "these production tasks");
  }

  /**
   * Why the role's quota would not hold the job if its tasks that need quota used {@code jobUse}, if it would not:
   * the rest of the role's production shared consumption plus the larger of the job's own now and {@code jobUse}
   * (an update's old and new tasks run side by side while it rolls, and either may be what remains; a replaced cron
   * template may still have tasks of the old one running). Nothing is checked when the job will need no quota.
   */
  public static Optional<Problem> lacksQuotaToReplace(StoreView view, JobKey job, ResourceAggregate jobUse,
      String field) {
    if (jobUse.equals(ResourceAggregate.NONE)) {
      return Optional.empty();
    }
    String role = job.role();
    ResourceAggregate others = QuotaConsumption.of(view, role, k -> !k.equals(job)).prodShared();
    ResourceAggregate current = QuotaConsumption.of(view, role, job::equals).prodShared();
    ResourceAggregate wanted = others.plus(current.max(jobUse));
    return refusal(view, role, wanted, field, "job " + job.path()
        + (current.equals(ResourceAggregate.NONE) ? "" : " (the larger of its use before and after)"));
  }

  /** What the job's tasks that need quota would use: {@code instances} of {@code config}. */
  public static ResourceAggregate quotaUse(TaskConfig config, int instances) {
    return QuotaConsumption.needsQuota(config) ? ResourceAggregate.of(config.resources()).times(instances)
        : ResourceAggregate.NONE;
  }

  private static Optional<Problem> refusal(StoreView view, String role, ResourceAggregate wanted, String field,
      String what) {
    ResourceAggregate quota = view.quota(role).orElse(ResourceAggregate.NONE);
    if (wanted.fitsIn(quota)) {
      return Optional.empty();
    }
    return Optional.of(new Problem(field, "role " + role + " lacks quota for " + what + ": production jobs of the"
        + " role would consume " + wanted + " but its quota is " + quota
        + " (ask an operator: aurora-admin increase_quota)"));
  }

  /** Refuses the request when the tasks would not fit (checked again inside the write that adds them). */
  static void requireQuota(StoreView view, TaskConfig config, int newInstances) {
    refuse(lacksQuota(view, config, newInstances));
  }

  /** Refuses the job (new, or replacing a cron job of that key) when it would not fit. */
  static void requireQuotaFor(StoreView view, JobConfiguration job) {
    refuse(lacksQuotaToReplace(view, job.key(), quotaUse(job.taskConfig(), job.instanceCount()),
        "taskConfig.production"));
  }

  private static void refuse(Optional<Problem> problem) {
    problem.ifPresent(p -> {
      throw ApiException.invalid(java.util.List.of(p));
    });
  }

  static void checkRole(String role) {
    if (role == null || !JobKey.PART.matcher(role).matches()) {
      throw ApiException.invalid("role: '" + role + "' is not a valid role; use letters, digits, '_', '-' and '.'");
    }
  }
}
