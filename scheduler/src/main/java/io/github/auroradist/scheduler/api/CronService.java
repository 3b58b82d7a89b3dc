package io.github.auroradist.scheduler.api;

import io.github.auroradist.common.model.CronCollisionPolicy;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.scheduler.api.validation.JobValidator;
import io.github.auroradist.scheduler.api.validation.Problem;
import io.github.auroradist.scheduler.cron.CronExpression;
import io.github.auroradist.scheduler.cron.CronScheduler;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cron jobs: 'aurora cron schedule', 'deschedule', 'start' and 'show'. */
public final class CronService {
  private static final Logger LOG = LoggerFactory.getLogger(CronService.class);
  private static final String FIELD = "cronSchedule";

  private final Storage storage;
  private final LeaderGate leader;
  private final JobValidator validator;
  private final CronScheduler cron;

  public CronService(Storage storage, LeaderGate leader, JobValidator validator, CronScheduler cron) {
    this.storage = storage;
    this.leader = leader;
    this.validator = validator;
    this.cron = cron;
  }

  /** Schedules (or replaces) a cron job: 'aurora cron schedule'. */
  public ApiRecords.CronJob scheduleCronJob(JobConfiguration submitted, Caller caller) {
    leader.requireLeader();
    JobConfiguration job = JobService.accept(validator, storage.read(), submitted, scheduleProblems(submitted));
    JobConfiguration withPolicy = job.cronCollisionPolicy() != null ? job
        : new JobConfiguration(job.key(), job.owner(), job.cronSchedule(), CronCollisionPolicy.KILL_EXISTING,
            job.instanceCount(), job.taskConfig());
    storage.write(store -> {
      Optional<JobConfiguration> existing = store.read().job(job.key());
      boolean activeNonCron = existing.map(j -> !j.isCron()).orElse(true)
          && !StateQueries.activeTasks(store.read(), job.key()).isEmpty();
      if (activeNonCron) {
        throw new ApiException(ApiException.JOB_EXISTS, 409, "job " + job.key() + " exists as a non-cron job with"
            + " active tasks; kill it first or use a different name");
      }
      QuotaService.requireQuotaFor(store.read(), withPolicy);
      store.add(new Op.SaveJob(withPolicy));
      return null;
    });
    LOG.info("Cron job {} scheduled ({}) by {}", job.key(), withPolicy.cronSchedule(), caller.user());
    return cronJob(withPolicy);
  }

  private static List<Problem> scheduleProblems(JobConfiguration submitted) {
    List<Problem> problems = new ArrayList<>();
    if (submitted == null) {
      return problems;
    }
    if (!submitted.isCron()) {
      problems.add(new Problem(FIELD, "give the schedule (5 crontab fields) of the cron job"));
      return problems;
    }
    try {
      CronExpression.parse(submitted.cronSchedule());
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      problems.add(new Problem(FIELD, message.startsWith(FIELD + ": ") ? message.substring(FIELD.length() + 2)
          : message));
    }
    return problems;
  }

  /** Removes a cron schedule ('aurora cron deschedule'); tasks of a running run go on. */
  public ApiRecords.CronJob descheduleCronJob(JobKey key, Caller caller) {
    leader.requireLeader();
    ApiRecords.CronJob removed = storage.write(store -> {
      JobConfiguration job = store.read().job(key).filter(JobConfiguration::isCron)
          .orElseThrow(() -> noCronJob(key));
      store.add(new Op.RemoveJob(key));
      return new ApiRecords.CronJob(job, null);
    });
    LOG.info("Cron job {} descheduled by {}", key, caller.user());
    return removed;
  }

  /** Runs a cron job now ('aurora cron start'), honouring its collision policy. */
  public ApiRecords.CronStartResponse startCronJob(JobKey key, Caller caller) {
    leader.requireLeader();
    cronJobConfig(key);
    LOG.info("Cron job {} started now by {}", key, caller.user());
    return new ApiRecords.CronStartResponse(key, cron.trigger(key));
  }

  /** A cron job and its next run ('aurora cron show'). */
  public ApiRecords.CronJob getCronJob(JobKey key) {
    return cronJob(cronJobConfig(key));
  }

  public List<ApiRecords.CronJob> cronJobs() {
    return storage.read().jobs().stream().filter(JobConfiguration::isCron).map(this::cronJob).toList();
  }

  private JobConfiguration cronJobConfig(JobKey key) {
    return storage.read().job(key).filter(JobConfiguration::isCron).orElseThrow(() -> noCronJob(key));
  }

  private static ApiException noCronJob(JobKey key) {
    return ApiException.notFound("there is no cron job " + key);
  }

  private ApiRecords.CronJob cronJob(JobConfiguration job) {
    return new ApiRecords.CronJob(job, cron.nextRun(job).map(Object::toString).orElse(null));
  }
}
