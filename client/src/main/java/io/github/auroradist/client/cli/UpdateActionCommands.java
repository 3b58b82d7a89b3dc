package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aurora update pause|resume|abort|rollback KEY}: act on the job's one active update. A job with none is a
 * bad parameter (exit 6), as in Aurora.
 */
final class UpdateActionCommands {
  private UpdateActionCommands() {}

  /** What the four share: the job, the message, the call and the line Aurora prints after it. */
  abstract static class ActiveUpdateCommand extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
        converter = KeyConverters.AuroraJobKeyConverter.class)
    AuroraJobKey key;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Why: recorded with the update's event.")
    String message;

    private final String action;
    private final String done;

    ActiveUpdateCommand(String action, String done) {
      this.action = action;
      this.done = done;
    }

    @Override
    final int run() throws Exception {
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.cluster()));
      JobUpdateSummary update;
      try {
        update = scheduler.updateAction(key.jobKey(), action, message);
      } catch (SchedulerException e) {
        if ("NOT_FOUND".equals(e.code())) {
          throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "no active update of " + key + " to " + action
              + " (" + e.getMessage() + "); see `aurora update list " + key + "`", e);
        }
        throw e;
      }
      out().println(done);
      return after(scheduler, update);
    }

    /** What follows the action; rollback's --wait waits. */
    int after(SchedulerClient scheduler, JobUpdateSummary update) throws Exception {
      return ExitCodes.OK;
    }
  }

  @Command(name = "pause", description = "Pause the job's active update; `aurora update resume` goes on with it.")
  static final class Pause extends ActiveUpdateCommand {
    Pause() {
      super("pause", "Update has been paused.");
    }
  }

  @Command(name = "resume", description = "Resume the job's paused update.")
  static final class Resume extends ActiveUpdateCommand {
    Resume() {
      super("resume", "Update has been resumed.");
    }
  }

  @Command(name = "abort", description = "Abort the job's active update, leaving its instances as they are now"
      + " (some may run the new configuration).")
  static final class Abort extends ActiveUpdateCommand {
    Abort() {
      super("abort", "Update has been aborted.");
    }
  }

  @Command(name = "rollback", description = "Roll the job's active update back: instances it changed get their"
      + " previous configuration again.")
  static final class Rollback extends ActiveUpdateCommand {
    @Option(names = "--wait", description = "Wait until the rollback ends; exit 0 only if it ROLLED_BACK"
        + " (4 if it rolled forward, 20 for any other end).")
    boolean await;

    @Mixin WaitTimeout waitTimeout = new WaitTimeout();

    Rollback() {
      super("rollback", "Update rollback has started.");
    }

    @Override
    int after(SchedulerClient scheduler, JobUpdateSummary update) throws Exception {
      return await ? UpdateWaiter.await(scheduler, key, update.key().id(), JobUpdateStatus.ROLLED_BACK,
          waitTimeout.seconds, out()) : ExitCodes.OK;
    }
  }
}
