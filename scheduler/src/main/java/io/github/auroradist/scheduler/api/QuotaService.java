package io.github.auroradist.scheduler.api;

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
    if (quota == null || quota.cpu() < 0 || quota.ramMb() < 0 || quota.diskMb() < 0) {
      throw ApiException.invalid("quota: give cpu, ramMb and diskMb, none negative");
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
   * Why {@code newInstances} more production tasks of {@code config} would not fit the role's quota, if they would
   * not; non-production tasks always fit.
   */
  public static Optional<Problem> lacksQuota(StoreView view, TaskConfig config, int newInstances) {
    if (!config.production()) {
      return Optional.empty();
    }
    String role = config.job().role();
    ResourceAggregate quota = view.quota(role).orElse(ResourceAggregate.NONE);
    ResourceAggregate used = ResourceAggregate.NONE;
    for (ScheduledTask t : view.tasks(t -> t.status().isActive() && t.jobKey().role().equals(role)
        && t.assignedTask().task().production())) {
      used = used.plus(ResourceAggregate.of(t.assignedTask().task().resources()));
    }
    ResourceAggregate wanted = used.plus(ResourceAggregate.of(config.resources()).times(newInstances));
    if (wanted.fitsIn(quota)) {
      return Optional.empty();
    }
    return Optional.of(new Problem("taskConfig.production", "role " + role + " lacks quota for this production"
        + " job: it would use " + wanted + " but its quota is " + quota + " (ask an operator: aurora-admin"
        + " set_quota)"));
  }

  /**
   * Why the role's quota would not hold the job's production tasks if they used {@code jobUse} instead of what they
   * use now, if it would not: an update needs room for the larger of the old and the new use, since old and new
   * tasks run side by side while it rolls (and either may be what remains).
   */
  public static Optional<Problem> lacksQuotaToReplace(StoreView view, JobKey job, ResourceAggregate jobUse) {
    String role = job.role();
    ResourceAggregate others = ResourceAggregate.NONE;
    ResourceAggregate current = ResourceAggregate.NONE;
    for (ScheduledTask t : view.tasks(t -> t.status().isActive() && t.jobKey().role().equals(role)
        && t.assignedTask().task().production())) {
      ResourceAggregate r = ResourceAggregate.of(t.assignedTask().task().resources());
      if (t.jobKey().equals(job)) {
        current = current.plus(r);
      } else {
        others = others.plus(r);
      }
    }
    ResourceAggregate larger = new ResourceAggregate(Math.max(current.cpu(), jobUse.cpu()),
        Math.max(current.ramMb(), jobUse.ramMb()), Math.max(current.diskMb(), jobUse.diskMb()));
    ResourceAggregate wanted = others.plus(larger);
    ResourceAggregate quota = view.quota(role).orElse(ResourceAggregate.NONE);
    if (wanted.fitsIn(quota)) {
      return Optional.empty();
    }
    return Optional.of(new Problem("job.taskConfig.production", "role " + role + " lacks quota for this update of a"
        + " production job: it needs " + wanted + " (the larger of the job's use before and after) but its quota is "
        + quota + " (ask an operator: aurora-admin increase_quota)"));
  }

  /** Refuses the request when the tasks would not fit (checked again inside the write that adds them). */
  static void requireQuota(StoreView view, TaskConfig config, int newInstances) {
    lacksQuota(view, config, newInstances).ifPresent(p -> {
      throw ApiException.invalid(java.util.List.of(p));
    });
  }

  static void checkRole(String role) {
    if (role == null || !JobKey.PART.matcher(role).matches()) {
      throw ApiException.invalid("role: '" + role + "' is not a valid role; use letters, digits, '_', '-' and '.'");
    }
  }
}
