package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.keys.TaskInstanceKey;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aurora job restart KEY[/INSTANCES]}: a rolling restart. Batches of instances are
 * restarted one after another; a batch is done when each restarted instance has a new task
 * RUNNING for {@code --watch-secs}.
 */
@Command(name = "restart", description = "Restart the running instances of a job (all, or KEY/0,2-5), batch by batch.")
final class JobRestartCommand extends SchedulerCommand {
  @Option(names = "--batch-size", defaultValue = "1",
      description = "Instances restarted at once (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--watch-secs", defaultValue = "30",
      description = "Seconds a new task must stay RUNNING to count as restarted (default ${DEFAULT-VALUE}).")
  int watchSecs;

  @Option(names = "--max-per-instance-failures", defaultValue = "0",
      description = "Failed new tasks an instance may have before it counts as failed (default ${DEFAULT-VALUE}).")
  int maxPerInstanceFailures;

  @Option(names = "--max-total-failures", defaultValue = "0",
      description = "Failed instances tolerated before the restart stops (exit 4; default ${DEFAULT-VALUE}).")
  int maxTotalFailures;

  @Option(names = "--wait-timeout", defaultValue = "600", paramLabel = "SECONDS",
      description = "Give up on a batch after this long (exit 9; default ${DEFAULT-VALUE}).")
  int waitTimeout;

  @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME[/INSTANCES]",
      converter = KeyConverters.TaskInstanceKeyConverter.class)
  TaskInstanceKey key;

  @Override
  int run() throws Exception {
    if (batchSize < 1 || watchSecs < 0 || maxPerInstanceFailures < 0 || maxTotalFailures < 0) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "--batch-size must be at least 1 and"
          + " --watch-secs, --max-per-instance-failures, --max-total-failures 0 or more");
    }
    JobKey jobKey = key.job().jobKey();
    SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.job().cluster()));
    List<Integer> instances = scheduler.tasksWithoutConfigs(jobKey, key.instances(), "ACTIVE").stream()
        .map(t -> t.assignedTask().instanceId()).distinct().sorted().toList();
    if (instances.isEmpty()) {
      out().println("No active instances of " + key + " to restart");
      return ExitCodes.OK;
    }
    int restartedTotal = 0;
    int failedTotal = 0;
    int batches = (instances.size() + batchSize - 1) / batchSize;
    for (int from = 0; from < instances.size(); from += batchSize) {
      List<Integer> batch = instances.subList(from, Math.min(instances.size(), from + batchSize));
      String which = "Batch " + (from / batchSize + 1) + " of " + batches + " (instances "
          + InstanceRanges.of(batch) + ")";
      // Every task the batch's instances have had so far, ended ones too: only tasks that appear after the
      // restart call are the restart's to judge (an instance's old FAILED tasks are not its failures).
      List<ScheduledTask> existing = scheduler.tasksWithoutConfigs(jobKey, batch, null);
      Set<String> before = new HashSet<>();
      existing.forEach(t -> before.add(t.taskId()));
      Set<String> old = new HashSet<>(scheduler.restart(jobKey, batch).taskIds());
      Set<Integer> restarted = new TreeSet<>();
      existing.stream().filter(t -> old.contains(t.taskId()))
          .forEach(t -> restarted.add(t.assignedTask().instanceId()));
      if (restarted.isEmpty()) {
        out().println(which + ": none was running, nothing to restart");
        continue;
      }
      before.addAll(old);
      int failed = Poller.of(waitTimeout, Duration.ofMillis(500), out())
          .until(() -> backAgain(scheduler, jobKey, restarted, before));
      restartedTotal += restarted.size();
      failedTotal += failed;
      out().println(which + ": " + (restarted.size() - failed) + " of " + restarted.size() + " running again"
          + (failed == 0 ? "" : ", " + failed + " failed to come back"));
      if (failedTotal > maxTotalFailures) {
        throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "restart of " + key + " stopped: "
            + failedTotal + " instance(s) failed to come back (--max-total-failures "
            + maxTotalFailures + "); see `aurora job status " + key.job() + "`");
      }
    }
    out().println("Job restart succeeded: " + restartedTotal + " instance(s) of " + key + " restarted");
    return ExitCodes.OK;
  }

  /**
   * Done when each instance has a task not in {@code before} RUNNING for {@code --watch-secs}, or more than
   * {@code --max-per-instance-failures} such tasks failed; the result is how many instances failed.
   */
  private Poller.Look<Integer> backAgain(SchedulerClient scheduler, JobKey job, Set<Integer> instances,
      Set<String> before) throws SchedulerException {
    List<ScheduledTask> tasks = scheduler.tasksWithoutConfigs(job, instances, null);
    int done = 0;
    int failed = 0;
    for (int instance : instances) {
      List<ScheduledTask> fresh = tasks.stream()
          .filter(t -> t.assignedTask().instanceId() == instance && !before.contains(t.taskId()))
          .toList();
      long failures = fresh.stream().filter(t -> t.status() == ScheduleStatus.FAILED
          || t.status() == ScheduleStatus.LOST).count();
      if (failures > maxPerInstanceFailures) {
        failed++;
        done++;
        continue;
      }
      // The RUNNING event is stamped by the scheduler; its clock and this machine's are taken to agree.
      boolean settled = fresh.stream().anyMatch(t -> t.status() == ScheduleStatus.RUNNING
          && runningSince(t) <= System.currentTimeMillis() - watchSecs * 1000L);
      if (settled) {
        done++;
      }
    }
    if (done == instances.size()) {
      return Poller.Look.done(failed);
    }
    return Poller.Look.notYet("restarting instances " + instances + ": " + done + "/" + instances.size() + " back",
        " waiting for instances " + instances + " of " + job + " to run again");
  }

  private static long runningSince(ScheduledTask t) {
    long since = Long.MAX_VALUE;
    for (TaskEvent e : t.taskEvents()) {
      if (e.status() == ScheduleStatus.RUNNING) {
        since = e.timestamp();
      }
    }
    return since;
  }
}
