package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.client.keys.TaskInstanceKey;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora job kill} and {@code killall}: instances killed batch by batch, each batch waited for. */
final class JobKillCommands {
  private JobKillCommands() {}

  /** What kill and killall share: Aurora's batching options, the message, the wait and the killing. */
  abstract static class KillCommand extends SchedulerCommand {
    @Option(names = "--message", description = "Why (recorded with the tasks' events).")
    String message;

    @Option(names = "--wait-timeout", defaultValue = "300", paramLabel = "SECONDS",
        description = "How long to wait for the tasks to end (exit 9 after); 0 does not wait.")
    int waitTimeout;

    @Option(names = "--batch-size", defaultValue = "5",
        description = "Instances killed per batch; each batch ends before the next (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--no-batching", description = "Kill every instance at once.")
    boolean noBatching;

    @Option(names = "--max-total-failures", defaultValue = "0",
        description = "Instances that may fail to end within --wait-timeout before the kill stops (exit 4).")
    int maxTotalFailures;

    /**
     * Kills the selected instances (all of them: also forgets the job's configuration), in
     * batches unless {@code --no-batching}, waiting for each batch to end.
     */
    int kill(TaskInstanceKey key) throws SchedulerException, InterruptedException {
      if (batchSize < 1 || maxTotalFailures < 0) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER,
            "--batch-size must be at least 1 and --max-total-failures 0 or more");
      }
      var jobKey = key.job().jobKey();
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.job().cluster()));
      List<Integer> instances = scheduler.tasksWithoutConfigs(jobKey, key.instances(), "ACTIVE").stream()
          .map(t -> t.assignedTask().instanceId()).distinct().sorted().toList();
      int batch = noBatching || waitTimeout <= 0 ? Math.max(1, instances.size()) : batchSize;
      int killed = 0;
      long failed = 0;
      for (int from = 0; from < instances.size(); from += batch) {
        List<Integer> instancesOfBatch = instances.subList(from, Math.min(instances.size(), from + batch));
        killed += scheduler.kill(jobKey, instancesOfBatch, message).taskIds().size();
        if (waitTimeout > 0) {
          TaskInstanceKey batchKey = TaskInstanceKey.of(key.job(), instancesOfBatch);
          try {
            Poller.of(waitTimeout, Duration.ofMillis(500), out()).until(() -> ended(scheduler, batchKey));
          } catch (CommandFailure stillActive) {
            failed += scheduler.tasksWithoutConfigs(jobKey, instancesOfBatch, "ACTIVE").stream()
                .map(t -> t.assignedTask().instanceId()).distinct().count();
            out().println("Instances " + instancesOfBatch + " of " + key.job() + " did not end within "
                + waitTimeout + "s");
            if (failed > maxTotalFailures) {
              throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "kill of " + key + " stopped: "
                  + failed + " instance(s) did not end (--max-total-failures " + maxTotalFailures + ")");
            }
          }
        }
      }
      if (key.allInstances()) {
        // The job's configuration goes with its last instance (the scheduler may have dropped it).
        try {
          killed += scheduler.kill(jobKey, List.of(), message).taskIds().size();
        } catch (SchedulerException e) {
          if (!"NOT_FOUND".equals(e.code()) || killed == 0) {
            throw e;
          }
        }
      }
      if (killed == 0) {
        out().println("No active tasks to kill for " + key);
        return ExitCodes.OK;
      }
      out().println("Job kill succeeded: " + killed + " task(s) of " + key + " killed");
      return ExitCodes.OK;
    }

    private static Poller.Look<Boolean> ended(SchedulerClient scheduler, TaskInstanceKey key)
        throws SchedulerException {
      long active = scheduler.tasksWithoutConfigs(key.job().jobKey(), key.instances(), "ACTIVE").size();
      return active == 0 ? Poller.Look.done(true) : Poller.Look.notYet("waiting for " + active
          + " task(s) to end", ": " + active + " task(s) of " + key + " are still active");
    }
  }

  /** {@code aurora job kill KEY/INSTANCES}. */
  @Command(name = "kill", description = "Kill some instances of a job (KEY/0,2-5).")
  static final class Kill extends KillCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME/INSTANCES",
        converter = KeyConverters.TaskInstanceKeyConverter.class)
    TaskInstanceKey key;

    @Override
    int run() throws Exception {
      if (key.allInstances()) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "name the instances to kill ("
            + key + "/0,2-5), or use `aurora job killall " + key + "` to kill them all");
      }
      return kill(key);
    }
  }

  /** {@code aurora job killall KEY}. */
  @Command(name = "killall", description = "Kill every instance of a job.")
  static final class KillAll extends KillCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
        converter = KeyConverters.AuroraJobKeyConverter.class)
    AuroraJobKey key;

    @Override
    int run() throws Exception {
      return kill(TaskInstanceKey.all(key));
    }
  }
}
