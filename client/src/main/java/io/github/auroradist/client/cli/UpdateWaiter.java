package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.update.JobUpdateKey;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits for an update to end, printing {@code Current state <STATUS>} each time its status changes, as Aurora's
 * {@code update wait}; the exit code says how it ended: 0 for the hoped-for end, 4 for its opposite (rolled back
 * instead of forward, or the reverse), 20 for any other end (ABORTED, FAILED, ERROR).
 */
final class UpdateWaiter {
  /** How often the scheduler is asked. */
  static final Duration INTERVAL = Duration.ofMillis(500);

  private UpdateWaiter() {}

  /**
   * @param hoped {@code ROLLED_FORWARD} for an update, {@code ROLLED_BACK} for a rollback
   * @param timeoutSecs give up after this long (exit 9), 0 for as long as it takes
   */
  static int await(SchedulerClient scheduler, AuroraJobKey job, String id, JobUpdateStatus hoped,
      int timeoutSecs, PrintWriter out) throws SchedulerException, InterruptedException {
    JobUpdateKey key = new JobUpdateKey(job.jobKey(), id);
    AtomicReference<JobUpdateStatus> last = new AtomicReference<>();
    JobUpdateStatus end = Poller.withoutProgress(timeoutSecs, INTERVAL).until(() -> {
      JobUpdateStatus now = status(scheduler, job, key);
      if (now != last.getAndSet(now)) {
        out.println("Current state " + now);
      }
      return now.isTerminal() ? Poller.Look.done(now)
          : Poller.Look.notYet(now.name(), " waiting for update " + id + " of " + job + " to end (it is " + now
              + "); see `aurora update info " + job + " " + id + "`");
    });
    if (end == hoped) {
      return ExitCodes.OK;
    }
    JobUpdateStatus opposite = hoped == JobUpdateStatus.ROLLED_FORWARD
        ? JobUpdateStatus.ROLLED_BACK : JobUpdateStatus.ROLLED_FORWARD;
    throw new CommandFailure(end == opposite ? ExitCodes.COMMAND_FAILURE : ExitCodes.UNKNOWN_ERROR, "update " + id
        + " of " + job + " ended " + end + ", not " + hoped + "; see `aurora update info " + job + " " + id + "`");
  }

  /** The update's status now; an id the job has no update for is a bad parameter (exit 6). */
  static JobUpdateStatus status(SchedulerClient scheduler, AuroraJobKey job, JobUpdateKey key)
      throws SchedulerException {
    try {
      return scheduler.update(key).update().summary().state().status();
    } catch (SchedulerException e) {
      if ("NOT_FOUND".equals(e.code())) {
        throw unknownUpdate(job, key.id(), e);
      }
      throw e;
    }
  }

  /** The scheduler knows no update {@code id} of the job (exit 6). */
  static CommandFailure unknownUpdate(AuroraJobKey job, String id, SchedulerException cause) {
    return new CommandFailure(ExitCodes.INVALID_PARAMETER, "job " + job + " has no update " + id + " ("
        + cause.getMessage() + "); see `aurora update list " + job + "` for its updates", cause);
  }
}
