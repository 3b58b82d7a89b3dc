package io.github.auroradist.scheduler.quota;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.update.InstanceTaskConfig;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateInstructions;
import io.github.auroradist.scheduler.storage.StoreView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a role's jobs consume, as Aurora's GetQuotaResult counts it, split into production or not and shared or
 * dedicated hosts: active tasks; for a job under an active update, the larger of what the update starts from and
 * what it goes to (old and new tasks run side by side while it rolls), plus its tasks outside the update; for a cron
 * job, the larger of its template (instances x resources) and its active tasks. Quota checks compare the
 * production shared consumption with the role's quota, as Aurora does: non-production jobs and production jobs on
 * dedicated hosts need no quota.
 */
public record QuotaConsumption(ResourceAggregate prodShared, ResourceAggregate nonProdShared,
    ResourceAggregate prodDedicated, ResourceAggregate nonProdDedicated) {

  public static QuotaConsumption of(StoreView view, String role) {
    return of(view, role, job -> true);
  }

  /** What the role's {@code jobs} consume. */
  public static QuotaConsumption of(StoreView view, String role, Predicate<JobKey> jobs) {
    Predicate<JobKey> counted = job -> job.role().equals(role) && jobs.test(job);
    List<ScheduledTask> active = view.tasks(t -> t.status().isActive() && counted.test(t.jobKey()));
    Map<JobKey, JobConfiguration> crons = new HashMap<>();
    view.jobs().stream().filter(j -> j.isCron() && counted.test(j.key())).forEach(j -> crons.put(j.key(), j));
    Map<JobKey, JobUpdateInstructions> updates = new HashMap<>();
    for (JobUpdateDetails u : view.activeJobUpdates()) {
      JobKey job = u.update().summary().key().job();
      if (counted.test(job) && u.update().instructions() != null) {
        updates.put(job, u.update().instructions());
      }
    }
    return new QuotaConsumption(
        consumption(active, crons, updates, c -> c.production() && !dedicated(c)),
        consumption(active, crons, updates, c -> !c.production() && !dedicated(c)),
        consumption(active, crons, updates, c -> c.production() && dedicated(c)),
        consumption(active, crons, updates, c -> !c.production() && dedicated(c)));
  }

  private static ResourceAggregate consumption(List<ScheduledTask> active, Map<JobKey, JobConfiguration> crons,
      Map<JobKey, JobUpdateInstructions> updates, Predicate<TaskConfig> kind) {
    ResourceAggregate total = ResourceAggregate.NONE;
    Map<JobKey, ResourceAggregate> cronTasks = new HashMap<>();
    for (ScheduledTask t : active) {
      TaskConfig config = t.assignedTask().task();
      if (!kind.test(config)) {
        continue;
      }
      ResourceAggregate use = ResourceAggregate.of(config.resources());
      JobUpdateInstructions update = updates.get(t.jobKey());
      if (crons.containsKey(t.jobKey())) {
        cronTasks.merge(t.jobKey(), use, ResourceAggregate::plus);
      } else if (update == null || !inScope(update, t.assignedTask().instanceId())) {
        total = total.plus(use);
      }
    }
    for (JobUpdateInstructions update : updates.values()) {
      total = total.plus(initial(update, kind).max(desired(update, kind)));
    }
    for (JobConfiguration cron : crons.values()) {
      ResourceAggregate template = kind.test(cron.taskConfig())
          ? ResourceAggregate.of(cron.taskConfig().resources()).times(cron.instanceCount()) : ResourceAggregate.NONE;
      total = total.plus(template.max(cronTasks.getOrDefault(cron.key(), ResourceAggregate.NONE)));
    }
    return total;
  }

  /** Whether tasks of this configuration count against the role's quota: production, not on dedicated hosts. */
  public static boolean needsQuota(TaskConfig config) {
    return config.production() && !dedicated(config);
  }

  private static boolean dedicated(TaskConfig config) {
    return config.constraints().stream().anyMatch(Constraint::isDedicated);
  }

  private static boolean inScope(JobUpdateInstructions update, int instance) {
    return update.initialState().stream().anyMatch(c -> covers(c, instance))
        || (update.desiredState() != null && covers(update.desiredState(), instance));
  }

  private static boolean covers(InstanceTaskConfig config, int instance) {
    return config.instances() != null && config.instances().contains(instance);
  }

  private static ResourceAggregate initial(JobUpdateInstructions update, Predicate<TaskConfig> kind) {
    ResourceAggregate out = ResourceAggregate.NONE;
    for (InstanceTaskConfig c : update.initialState()) {
      out = out.plus(use(c, kind));
    }
    return out;
  }

  private static ResourceAggregate desired(JobUpdateInstructions update, Predicate<TaskConfig> kind) {
    return update.desiredState() == null ? ResourceAggregate.NONE : use(update.desiredState(), kind);
  }

  private static ResourceAggregate use(InstanceTaskConfig c, Predicate<TaskConfig> kind) {
    InstanceRanges instances = c.instances();
    if (c.task() == null || instances == null || !kind.test(c.task())) {
      return ResourceAggregate.NONE;
    }
    return ResourceAggregate.of(c.task().resources()).times(instances.size());
  }
}
