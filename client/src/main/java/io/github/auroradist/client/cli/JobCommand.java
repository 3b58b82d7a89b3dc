package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.config.ConfiguredJob;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.client.keys.TaskInstanceKey;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.update.InstanceTaskConfig;
import io.github.auroradist.common.model.update.JobUpdateDiff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aurora job ...}: commands on jobs. Inspecting, creating, comparing, opening and growing a job are here;
 * status and list, kill and killall, and restart have their own files.
 */
@Command(name = "job", description = "Work with jobs.", subcommands = {
    JobCommand.Create.class, JobStatusCommand.class, JobListCommand.class,
    JobKillCommands.Kill.class, JobKillCommands.KillAll.class, JobRestartCommand.class,
    JobCommand.Add.class, JobCommand.Diff.class, JobCommand.Open.class,
    JobCommand.Inspect.class})
final class JobCommand {
  private JobCommand() {}

  /** {@code aurora job inspect KEY CONFIG}: shows the job as the client will send it. */
  @Command(name = "inspect", description = "Show the job a configuration file defines for KEY.")
  static final class Inspect implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobFileArguments args = new JobFileArguments();

    @Option(names = "--write-json", description = "Print the job as JSON (the executor's form).")
    boolean writeJson;

    @Option(names = "--raw", description = "Print the typed job record the client uses.")
    boolean raw;

    @Override
    public Integer call() throws Exception {
      ConfiguredJob job = args.job();
      var out = spec.commandLine().getOut();
      if (writeJson) {
        out.println(job.thermosJson());
      } else if (raw) {
        out.println(job);
      } else {
        out.print(JobDescription.describe(job));
      }
      return ExitCodes.OK;
    }
  }

  /** Statuses a wait can target, as Aurora's {@code --wait-until}. */
  enum WaitUntil { PENDING, RUNNING, FINISHED }

  /** {@code aurora job create KEY CONFIG}. */
  @Command(name = "create", description = "Create a job from a configuration file.")
  static final class Create extends SchedulerCommand {
    @Mixin JobFileArguments args = new JobFileArguments();

    @Option(names = "--wait-until", defaultValue = "PENDING", paramLabel = "STATE",
        description = "Return once every instance is PENDING (default), RUNNING or FINISHED.")
    WaitUntil waitUntil;

    @Mixin WaitTimeout waitTimeout = new WaitTimeout();

    @Override
    int run() throws Exception {
      AuroraJobKey key = args.key;
      ConfiguredJob job = args.newJob();
      if (job.cronSchedule() != null) {
        throw new CommandFailure(ExitCodes.INVALID_CONFIG, "job " + key + " has a cron_schedule;"
            + " cron jobs are scheduled with `aurora cron schedule " + key + " " + args.config + "`, not created");
      }
      JobConfiguration model = job.toModel();
      Cluster cluster = ClientContext.cluster(key.cluster());
      SchedulerClient scheduler = ClientContext.scheduler(cluster);
      scheduler.createJob(model);
      out().println("Job create succeeded: job url=" + ClientContext.jobUrl(cluster, scheduler, model.key()));
      if (waitUntil != WaitUntil.PENDING) {
        Poller.of(waitTimeout.seconds, Duration.ofSeconds(1), out())
            .until(() -> reached(scheduler, key, job.instances(), waitUntil));
      }
      return ExitCodes.OK;
    }

    /** Whether every instance is RUNNING, or (FINISHED) no task is active; fails when RUNNING can no longer come. */
    private static Poller.Look<Boolean> reached(SchedulerClient scheduler, AuroraJobKey key, int instances,
        WaitUntil target) throws SchedulerException {
      List<ScheduledTask> tasks = scheduler.tasksWithoutConfigs(key.jobKey(), Set.of(), null);
      long running = tasks.stream().filter(t -> t.status() == ScheduleStatus.RUNNING)
          .map(t -> t.assignedTask().instanceId()).distinct().count();
      boolean ended = !tasks.isEmpty() && tasks.stream().noneMatch(t -> t.status().isActive());
      if ((target == WaitUntil.RUNNING && running >= instances) || (target == WaitUntil.FINISHED && ended)) {
        return Poller.Look.done(true);
      }
      if (target == WaitUntil.RUNNING && ended) {
        throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "job " + key
            + " ended before all its instances were RUNNING; see `aurora job status " + key + "`");
      }
      return Poller.Look.notYet("waiting for " + target + ": " + running + "/" + instances + " running",
          " waiting for " + key + " to be " + target);
    }
  }

  /**
   * {@code aurora job diff KEY CONFIG}: which instances an update to the file's job would add, remove, replace and
   * leave alone (the scheduler's answer), and the scheduler's job against the file's, field by field.
   */
  @Command(name = "diff", description = "Show what an update to a configuration file would do to the job the"
      + " scheduler runs: the instances it would add, remove, update and not change, and the changed fields.")
  static final class Diff extends SchedulerCommand {
    @Mixin JobFileArguments args = new JobFileArguments();

    @Override
    int run() throws Exception {
      AuroraJobKey key = args.key;
      Path config = args.config;
      JobConfiguration local = args.job().toModel();
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.cluster()));
      JobConfiguration remote = scheduler.job(key.jobKey()).orElseThrow(() -> new CommandFailure(
          ExitCodes.COMMAND_FAILURE, "the scheduler has no job " + key + " to compare with;"
              + " create it with `aurora job create " + key + " " + config + "`"));
      JobUpdateDiff instances = scheduler.diff(local);
      TaskConfig t = local.taskConfig();
      if (t.tier() == null && remote.taskConfig() != null) {
        // No tier in the file means the scheduler's default: not a difference.
        local = new JobConfiguration(local.key(), local.owner(), local.cronSchedule(),
            local.cronCollisionPolicy(), local.instanceCount(), new TaskConfig(t.job(), t.owner(),
                t.resources(), t.constraints(), t.isService(), t.production(), t.priority(),
                remote.taskConfig().tier(), t.maxTaskFailures(), t.contactEmail(), t.metadata(),
                t.executorConfig(), t.slaPolicy(), t.partitionPolicy(), t.container()));
      }
      List<String> hunks = JobDiff.diff(JobDiff.lines(remote), JobDiff.lines(local));
      boolean changes = !instances.add().isEmpty() || !instances.remove().isEmpty() || !instances.update().isEmpty();
      if (hunks.isEmpty() && !changes) {
        out().println("No differences between the scheduler's " + key + " and " + config + ".");
        return ExitCodes.OK;
      }
      out().println("This job update will:");
      printInstances("add instances:", instances.add());
      printInstances("remove instances:", instances.remove());
      if (!instances.update().isEmpty()) {
        printInstances("update instances:", instances.update());
        out().println("with diff:");
      }
      if (!hunks.isEmpty()) {
        out().println("--- scheduler: " + key);
        out().println("+++ local: " + config);
        hunks.forEach(out()::println);
      } else if (!instances.update().isEmpty()) {
        out().println("(the job's configuration at the scheduler is already the file's; these instances still run"
            + " an earlier one)");
      }
      printInstances("not change instances:", instances.unchanged());
      return ExitCodes.OK;
    }

    private void printInstances(String what, List<InstanceTaskConfig> groups) {
      Set<Integer> ids = new TreeSet<>();
      groups.forEach(g -> ids.addAll(g.instances().toSortedSet()));
      if (!ids.isEmpty()) {
        out().println(what + " " + UpdateFormat.instances(InstanceRanges.of(ids)));
      }
    }
  }

  /** {@code aurora job open KEY}: the job's page in the scheduler UI. */
  @Command(name = "open", description = "Print the job's scheduler page and open it in a browser when there is one.")
  static final class Open extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
        converter = KeyConverters.AuroraJobKeyConverter.class)
    AuroraJobKey key;

    @Override
    int run() throws Exception {
      Cluster cluster = ClientContext.cluster(key.cluster());
      String url = ClientContext.jobUrl(cluster, ClientContext.scheduler(cluster), key.jobKey());
      out().println(url);
      try {
        if (!java.awt.GraphicsEnvironment.isHeadless() && java.awt.Desktop.isDesktopSupported()
            && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
          java.awt.Desktop.getDesktop().browse(java.net.URI.create(url));
        }
      } catch (Exception | LinkageError noBrowser) {
        // printing the address is enough
      }
      return ExitCodes.OK;
    }
  }

  /** {@code aurora job add KEY/INSTANCE COUNT}: more instances like an existing one. */
  @Command(name = "add", description = "Add COUNT instances configured like instance INSTANCE.")
  static final class Add extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME/INSTANCE",
        converter = KeyConverters.TaskInstanceKeyConverter.class)
    TaskInstanceKey key;

    @Parameters(index = "1", paramLabel = "COUNT")
    int count;

    @Override
    int run() throws Exception {
      if (key.instances().size() != 1) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "name one instance to copy: "
            + key.job() + "/0 " + count);
      }
      if (count < 1) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "COUNT must be at least 1, got " + count);
      }
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.job().cluster()));
      List<String> added = scheduler.addInstances(key.job().jobKey(), count, key.instances().first())
          .taskIds();
      out().println("Job add succeeded: " + added.size() + " instance(s) added to " + key.job());
      return ExitCodes.OK;
    }
  }
}
