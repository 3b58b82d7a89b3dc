package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateKey;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora update info KEY [ID]}: one update's status and history (the job's active one without ID). */
@Command(name = "info", description = "Show an update's status and events: update ID of the job, or without ID"
    + " the job's active update.")
final class UpdateInfoCommand extends SchedulerCommand {
  @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
      converter = KeyConverters.AuroraJobKeyConverter.class)
  AuroraJobKey key;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID",
      description = "The update's id (see `aurora update list`); the job's active update when left out.")
  String id;

  @Option(names = "--write-json", description = "Print the update as JSON: updateId, job, started, last_modified,"
      + " status, update_events, instance_update_events.")
  boolean writeJson;

  @Override
  int run() throws Exception {
    SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.cluster()));
    String updateId = id != null ? id : activeUpdate(scheduler, key).key().id();
    JobUpdateDetails details;
    try {
      details = scheduler.update(new JobUpdateKey(key.jobKey(), updateId));
    } catch (SchedulerException e) {
      if ("NOT_FOUND".equals(e.code())) {
        throw UpdateWaiter.unknownUpdate(key, updateId, e);
      }
      throw e;
    }
    if (writeJson) {
      out().println(UpdateFormat.infoJson(key, details));
    } else {
      UpdateFormat.info(key, details).forEach(out()::println);
    }
    return ExitCodes.OK;
  }

  /** The job's active update; a job with none is a bad parameter (exit 6), as in Aurora. */
  static JobUpdateSummary activeUpdate(SchedulerClient scheduler, AuroraJobKey job) throws SchedulerException {
    List<JobUpdateSummary> active = scheduler.updates(job.role(), job.environment(), job.name(), null,
        JobUpdateStatus.ACTIVE);
    if (active.isEmpty()) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "there is no active update of " + job + "; name"
          + " one of its updates: `aurora update info " + job + " ID` (`aurora update list " + job
          + "` lists them)");
    }
    return active.get(0);
  }
}
