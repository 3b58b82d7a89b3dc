package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.config.ConfiguredJob;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.client.keys.TaskInstanceKey;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.update.JobUpdateRequest;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import io.github.auroradist.common.model.update.StartJobUpdateResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aurora update ...}: rolling updates the scheduler drives. Starting and waiting are here; pause, resume,
 * abort and rollback, list, and info have their own files.
 */
@Command(name = "update", description = "Work with rolling job updates, which the scheduler drives.", subcommands = {
    UpdateCommand.Start.class, UpdateActionCommands.Pause.class, UpdateActionCommands.Resume.class,
    UpdateActionCommands.Abort.class, UpdateActionCommands.Rollback.class, UpdateListCommand.class,
    UpdateInfoCommand.class, UpdateCommand.Wait.class})
final class UpdateCommand {
  private UpdateCommand() {}

  /** The update's page in the scheduler's UI. */
  static String updateUrl(Cluster cluster, SchedulerClient scheduler, JobUpdateSummary update) {
    return ClientContext.jobUrl(cluster, scheduler, update.key().job()) + "/update/" + update.key().id();
  }

  /** {@code aurora update start KEY[/INSTANCES] CONFIG}. */
  @Command(name = "start", description = "Start a rolling update of a job (all its instances, or KEY/0,2-5) to"
      + " the configuration in CONFIG, as the file's update_config says; only instances whose configuration"
      + " changes are replaced. `aurora job diff` shows what would change.")
  static final class Start extends SchedulerCommand {
    @Mixin ConfigOptions options = new ConfigOptions();

    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME[/INSTANCES]",
        converter = KeyConverters.TaskInstanceKeyConverter.class)
    TaskInstanceKey key;

    @Parameters(index = "1", paramLabel = "CONFIG", description = "The .aurora file.")
    Path config;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Why: recorded with the update.")
    String message;

    @Option(names = "--wait", description = "Wait until the update ends; exit 0 only if it ROLLED_FORWARD"
        + " (4 if it rolled back, 20 for any other end).")
    boolean await;

    @Mixin WaitTimeout waitTimeout = new WaitTimeout();

    @Override
    int run() throws Exception {
      AuroraJobKey job = key.job();
      ConfiguredJob configured = options.job(job, config);
      if (configured.cronSchedule() != null) {
        throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "job " + job + " is a cron job (it has a"
            + " cron_schedule): cron jobs are not updated; replace their schedule and configuration with"
            + " `aurora cron schedule " + job + " " + config + "`");
      }
      var settings = configured.updateSettings(key.ranges());
      JobConfiguration model = configured.toModel();
      Cluster cluster = ClientContext.cluster(job.cluster());
      SchedulerClient scheduler = ClientContext.scheduler(cluster);
      StartJobUpdateResult result;
      try {
        result = scheduler.startUpdate(new JobUpdateRequest(model, settings, message));
      } catch (SchedulerException e) {
        if ("NOT_FOUND".equals(e.code())) {
          throw new CommandFailure(ExitCodes.API_ERROR, e.getMessage() + "; only a job the scheduler runs can be"
              + " updated: create it with `aurora job create " + job + " " + config + "`", e);
        }
        throw e;
      }
      if (result.summary() == null) {
        out().println(result.message() != null && !result.message().isBlank() ? result.message()
            : "No update started: job " + job + " already runs this configuration; nothing would change.");
        return ExitCodes.OK;
      }
      out().println("Job update has started. View your update progress at "
          + updateUrl(cluster, scheduler, result.summary()));
      if (!await) {
        return ExitCodes.OK;
      }
      return UpdateWaiter.await(scheduler, job, result.summary().key().id(), JobUpdateStatus.ROLLED_FORWARD,
          waitTimeout.seconds, out());
    }
  }

  /** {@code aurora update wait KEY ID}. */
  @Command(name = "wait", description = "Wait until an update ends; exit 0 if it ROLLED_FORWARD, 4 if it"
      + " ROLLED_BACK, 20 for any other end (ABORTED, FAILED, ERROR).")
  static final class Wait extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
        converter = KeyConverters.AuroraJobKeyConverter.class)
    AuroraJobKey key;

    @Parameters(index = "1", paramLabel = "ID", description = "The update's id (see `aurora update list`).")
    String id;

    @Mixin WaitTimeout waitTimeout = new WaitTimeout();

    @Override
    int run() throws Exception {
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.cluster()));
      return UpdateWaiter.await(scheduler, key, id, JobUpdateStatus.ROLLED_FORWARD, waitTimeout.seconds, out());
    }
  }
}
