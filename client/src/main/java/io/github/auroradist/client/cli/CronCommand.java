package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.config.ConfiguredJob;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.ModelJson;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aurora cron schedule|deschedule|start|show}: jobs the scheduler starts on their
 * {@code cron_schedule}. Their runs' tasks are an ordinary job's: {@code aurora job status}, {@code kill}.
 */
@Command(name = "cron", description = "Work with cron jobs (jobs with a cron_schedule).", subcommands = {
    CronCommand.Schedule.class, CronCommand.Deschedule.class, CronCommand.Start.class, CronCommand.Show.class})
final class CronCommand {
  private CronCommand() {}

  /** {@code aurora cron schedule KEY CONFIG}. */
  @Command(name = "schedule", description = "Schedule a cron job from a configuration file, or replace the"
      + " schedule and configuration of one (tasks of a run in progress are left alone).")
  static final class Schedule extends SchedulerCommand {
    @Mixin JobFileArguments args = new JobFileArguments();

    @Override
    int run() throws Exception {
      AuroraJobKey key = args.key;
      Path config = args.config;
      ConfiguredJob job = args.newJob();
      if (job.cronSchedule() == null || job.cronSchedule().isBlank()) {
        throw new CommandFailure(ExitCodes.INVALID_CONFIG, "job " + key + " in " + config
            + " has no cron_schedule; add one to the Job (e.g. cron_schedule = '0 3 * * *') to schedule it,"
            + " or run it once now with `aurora job create " + key + " " + config + "`");
      }
      JobConfiguration model = job.toModel();
      Cluster cluster = ClientContext.cluster(key.cluster());
      SchedulerClient scheduler = ClientContext.scheduler(cluster);
      SchedulerClient.CronJob scheduled = scheduler.scheduleCron(model);
      out().println("Cron job scheduled, status can be viewed at "
          + ClientContext.jobUrl(cluster, scheduler, scheduled.job().key()));
      out().println("Next run: " + nextRun(scheduled));
      return ExitCodes.OK;
    }
  }

  /** What deschedule, start and show share: a job key, and a clear answer when it names no cron job. */
  abstract static class CronJobCommand extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
        description = "The cron job's key, e.g. devcluster/www-data/prod/nightly.",
        converter = KeyConverters.AuroraJobKeyConverter.class)
    AuroraJobKey key;

    @Override
    final int run() throws Exception {
      Cluster cluster = ClientContext.cluster(key.cluster());
      SchedulerClient scheduler = ClientContext.scheduler(cluster);
      try {
        return run(scheduler);
      } catch (SchedulerException e) {
        if (!"NOT_FOUND".equals(e.code())) {
          throw e;
        }
        throw new CommandFailure(ExitCodes.API_ERROR, "NOT_FOUND: the scheduler has no cron job " + key
            + "; schedule one with `aurora cron schedule " + key + " CONFIG` (jobs made by"
            + " `aurora job create` are not cron jobs; see `aurora job list " + key.cluster() + "/"
            + key.role() + "`)", e);
      }
    }

    abstract int run(SchedulerClient scheduler) throws Exception;
  }

  /** {@code aurora cron deschedule KEY}. */
  @Command(name = "deschedule", description = "Remove a cron job's schedule; tasks of a run in progress go on.")
  static final class Deschedule extends CronJobCommand {
    @Override
    int run(SchedulerClient scheduler) throws Exception {
      scheduler.descheduleCron(key.jobKey());
      out().println("Cron job " + key + " descheduled; tasks of a run in progress go on"
          + " (`aurora job killall " + key + "` ends them).");
      return ExitCodes.OK;
    }
  }

  /** {@code aurora cron start KEY}. */
  @Command(name = "start", description = "Start a run of a cron job now, outside its schedule"
      + " (its cron_collision_policy decides what happens to a run in progress).")
  static final class Start extends CronJobCommand {
    @Override
    int run(SchedulerClient scheduler) throws Exception {
      SchedulerClient.CronStart started = scheduler.startCron(key.jobKey());
      out().println("Cron run of " + key + ": " + started.result());
      return ExitCodes.OK;
    }
  }

  /** {@code aurora cron show KEY}. */
  @Command(name = "show", description = "Show a cron job's schedule, collision policy and next run.")
  static final class Show extends CronJobCommand {
    @Option(names = "--write-json", description = "Print the scheduler's answer as JSON: {\"job\", \"nextRun\"}.")
    boolean writeJson;

    @Override
    int run(SchedulerClient scheduler) throws Exception {
      SchedulerClient.CronJob cron = scheduler.cronJob(key.jobKey());
      if (writeJson) {
        out().println(ModelJson.mapper().writeValueAsString(cron));
        return ExitCodes.OK;
      }
      JobConfiguration job = cron.job();
      out().println("Cron job " + key + ":");
      out().println("  schedule: " + job.cronSchedule());
      out().println("  collision policy: " + job.cronCollisionPolicy());
      out().println("  instances: " + job.instanceCount());
      out().println("  next run: " + nextRun(cron));
      return ExitCodes.OK;
    }
  }

  private static String nextRun(SchedulerClient.CronJob cron) {
    return cron.nextRun() != null ? cron.nextRun() : "none (the schedule does not fire again)";
  }
}
