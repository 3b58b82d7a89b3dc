package io.github.auroradist.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.config.ConfiguredJob;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.client.keys.TaskInstanceKey;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.TaskEvent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code aurora job ...} commands that talk to a scheduler. */
final class SchedulerCommands {
  private SchedulerCommands() {}

  /** Statuses a wait can target, as Aurora's {@code --wait-until}. */
  enum WaitUntil { PENDING, RUNNING, FINISHED }

  /** Shared by commands: the output stream and a scheduler for a cluster. */
  abstract static class SchedulerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public Integer call() throws Exception {
      try {
        return run();
      } catch (SchedulerException e) {
        throw ClientContext.failure(e);
      }
    }

    abstract int run() throws Exception;
  }

  /** {@code aurora job create KEY CONFIG}. */
  @Command(name = "create", description = "Create a job from a configuration file.")
  static final class Create extends SchedulerCommand {
    @Mixin JobFileArguments args = new JobFileArguments();

    @Option(names = "--wait-until", defaultValue = "PENDING", paramLabel = "STATE",
        description = "Return once every instance is PENDING (default), RUNNING or FINISHED.")
    WaitUntil waitUntil;

    @Option(names = "--wait-timeout", defaultValue = "0", paramLabel = "SECONDS",
        description = "Give up waiting after this many seconds (exit 9); 0 waits as long as it takes.")
    int waitTimeout;

    @Override
    int run() throws Exception {
      AuroraJobKey key = args.key;
      ConfiguredJob job = args.job();
      if (job.cronSchedule() != null) {
        throw new CommandFailure(ExitCodes.INVALID_CONFIG, "job " + key + " has a cron_schedule;"
            + " cron jobs are scheduled with `aurora cron schedule " + key + " " + args.config + "`, not created");
      }
      Cluster cluster = ClientContext.cluster(key.cluster());
      SchedulerClient scheduler = ClientContext.scheduler(cluster);
      JobConfiguration model = job.toModel();
      scheduler.createJob(model);
      out().println("Job create succeeded: job url=" + ClientContext.jobUrl(cluster, scheduler, model.key()));
      if (waitUntil != WaitUntil.PENDING) {
        Waiter.untilState(scheduler, key, job.instances(), waitUntil, waitTimeout, out());
      }
      return ExitCodes.OK;
    }
  }

  /** {@code aurora job diff KEY CONFIG}: the scheduler's job against the file's. */
  @Command(name = "diff", description = "Show how a configuration file differs from the job the scheduler runs.")
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
      TaskConfig t = local.taskConfig();
      if (t.tier() == null && remote.taskConfig() != null) {
        // No tier in the file means the scheduler's default: not a difference.
        local = new JobConfiguration(local.key(), local.owner(), local.cronSchedule(),
            local.cronCollisionPolicy(), local.instanceCount(), new TaskConfig(t.job(), t.owner(),
                t.resources(), t.constraints(), t.isService(), t.production(), t.priority(),
                remote.taskConfig().tier(), t.maxTaskFailures(), t.contactEmail(), t.metadata(),
                t.executorConfig()));
      }
      List<String> hunks = JobDiff.diff(JobDiff.lines(remote), JobDiff.lines(local));
      if (hunks.isEmpty()) {
        out().println("No differences between the scheduler's " + key + " and " + config + ".");
      } else {
        out().println("--- scheduler: " + key);
        out().println("+++ local: " + config);
        hunks.forEach(out()::println);
      }
      return ExitCodes.OK;
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

  /** {@code aurora job status KEY}. */
  @Command(name = "status", description = "Show the tasks of a job.")
  static final class Status extends SchedulerCommand {
    @Option(names = "--write-json", description = "Print the tasks as JSON.")
    boolean writeJson;

    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME[/INSTANCES]",
        converter = KeyConverters.TaskInstanceKeyConverter.class)
    TaskInstanceKey key;

    @Override
    int run() throws Exception {
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.job().cluster()));
      List<ScheduledTask> tasks = scheduler.tasks(key.job().jobKey(), key.instances(), null).stream()
          .sorted(Comparator.comparingInt((ScheduledTask t) -> t.assignedTask().instanceId())
              .thenComparingLong(ScheduledTask::latestEventTime))
          .toList();
      List<ScheduledTask> active = tasks.stream().filter(t -> t.status().isActive()).toList();
      List<ScheduledTask> inactive = tasks.stream().filter(t -> !t.status().isActive()).toList();
      if (writeJson) {
        ObjectMapper json = ModelJson.mapper();
        ArrayNode all = json.createArrayNode();
        ObjectNode entry = all.addObject();
        entry.put("job", key.job().toString());
        entry.set("active", json.valueToTree(active));
        entry.set("inactive", json.valueToTree(inactive));
        out().println(json.writeValueAsString(all));
        return ExitCodes.OK;
      }
      if (tasks.isEmpty()) {
        out().println("No tasks found for job " + key);
        return ExitCodes.OK;
      }
      out().println("Active tasks (" + active.size() + "):");
      active.forEach(t -> describe(t));
      out().println("Inactive tasks (" + inactive.size() + "):");
      inactive.forEach(t -> describe(t));
      return ExitCodes.OK;
    }

    private void describe(ScheduledTask t) {
      var a = t.assignedTask();
      var r = a.task().resources();
      out().println("  Task role: " + key.job().role() + ", env: " + key.job().environment()
          + ", name: " + key.job().name() + ", instance: " + a.instanceId() + ", status: "
          + t.status() + (a.agentHost() == null ? "" : " on " + a.agentHost()));
      out().println("    id: " + a.taskId());
      out().println("    cpus: " + r.cpu() + ", ram: " + r.ramMb() + " MB, disk: " + r.diskMb() + " MB");
      if (a.assignedPorts() != null && !a.assignedPorts().isEmpty()) {
        out().println("    ports: " + new java.util.TreeMap<>(a.assignedPorts()));
      }
      out().println("    events:");
      for (TaskEvent e : t.taskEvents()) {
        out().println("     " + Instant.ofEpochMilli(e.timestamp()) + " " + e.status()
            + (e.message() == null ? "" : ": " + e.message()));
      }
    }
  }

  /** {@code aurora job list CLUSTER[/ROLE[/ENV[/NAME]]]} with {@code *} and {@code ?} globs. */
  @Command(name = "list", description = "List the jobs matching a pattern such as devcluster/www-data/*/*.")
  static final class ListJobs extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER[/ROLE[/ENV[/NAME]]]")
    String pattern;

    @Override
    int run() throws Exception {
      String[] parts = pattern.split("/", -1);
      if (parts.length > 4 || parts[0].isEmpty() || parts[0].contains("*")) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "'" + pattern + "' is not a job"
            + " pattern: write CLUSTER[/ROLE[/ENV[/NAME]]] (ROLE, ENV and NAME may use * and ?)");
      }
      Pattern role = glob(parts, 1);
      Pattern env = glob(parts, 2);
      Pattern name = glob(parts, 3);
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(parts[0]));
      String exactRole = parts.length > 1 && !parts[1].matches(".*[*?].*") ? parts[1] : null;
      Set<String> keys = new TreeSet<>();
      for (JobConfiguration j : scheduler.jobs(exactRole, null)) {
        var k = j.key();
        if (role.matcher(k.role()).matches() && env.matcher(k.environment()).matches()
            && name.matcher(k.name()).matches()) {
          keys.add(parts[0] + "/" + k.path());
        }
      }
      keys.forEach(out()::println);
      return ExitCodes.OK;
    }

    private static Pattern glob(String[] parts, int i) {
      String g = parts.length > i ? parts[i] : "*";
      StringBuilder re = new StringBuilder();
      for (char c : g.toCharArray()) {
        re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
      }
      return Pattern.compile(re.toString());
    }
  }

  /** What kill and killall share: Aurora's batching options, the message and the wait. */
  static final class KillOptions {
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
  }

  /** {@code aurora job kill KEY/INSTANCES}. */
  @Command(name = "kill", description = "Kill some instances of a job (KEY/0,2-5).")
  static final class Kill extends SchedulerCommand {
    @Mixin KillOptions options = new KillOptions();

    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME/INSTANCES",
        converter = KeyConverters.TaskInstanceKeyConverter.class)
    TaskInstanceKey key;

    @Override
    int run() throws Exception {
      if (key.allInstances()) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "name the instances to kill ("
            + key + "/0,2-5), or use `aurora job killall " + key + "` to kill them all");
      }
      return kill(this, key, options);
    }
  }

  /** {@code aurora job killall KEY}. */
  @Command(name = "killall", description = "Kill every instance of a job.")
  static final class KillAll extends SchedulerCommand {
    @Mixin KillOptions options = new KillOptions();

    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
        converter = KeyConverters.AuroraJobKeyConverter.class)
    AuroraJobKey key;

    @Override
    int run() throws Exception {
      return kill(this, new TaskInstanceKey(key, new TreeSet<>()), options);
    }
  }

  /**
   * Kills the selected instances (all of them: also forgets the job's configuration), in
   * batches unless {@code --no-batching}, waiting for each batch to end.
   */
  static int kill(SchedulerCommand command, TaskInstanceKey key, KillOptions options)
      throws SchedulerException, InterruptedException {
    String message = options.message;
    int waitTimeout = options.waitTimeout;
    if (options.batchSize < 1 || options.maxTotalFailures < 0) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER,
          "--batch-size must be at least 1 and --max-total-failures 0 or more");
    }
    var jobKey = key.job().jobKey();
    SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.job().cluster()));
    List<Integer> instances = scheduler.tasks(jobKey, key.instances(), "ACTIVE").stream()
        .map(t -> t.assignedTask().instanceId()).distinct().sorted().toList();
    int batchSize = options.noBatching || waitTimeout <= 0 ? Math.max(1, instances.size()) : options.batchSize;
    int killed = 0;
    int failed = 0;
    for (int from = 0; from < instances.size(); from += batchSize) {
      List<Integer> batch = instances.subList(from, Math.min(instances.size(), from + batchSize));
      killed += scheduler.kill(jobKey, batch, message).taskIds().size();
      if (waitTimeout > 0) {
        try {
          Waiter.untilNoActive(scheduler, new TaskInstanceKey(key.job(), new TreeSet<>(batch)),
              waitTimeout, command.out());
        } catch (CommandFailure stillActive) {
          failed += scheduler.tasks(jobKey, batch, "ACTIVE").stream()
              .map(t -> t.assignedTask().instanceId()).distinct().count();
          command.out().println("Instances " + batch + " of " + key.job() + " did not end within "
              + waitTimeout + "s");
          if (failed > options.maxTotalFailures) {
            throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "kill of " + key + " stopped: "
                + failed + " instance(s) did not end (--max-total-failures "
                + options.maxTotalFailures + ")");
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
      command.out().println("No active tasks to kill for " + key);
      return ExitCodes.OK;
    }
    command.out().println("Job kill succeeded: " + killed + " task(s) of " + key + " killed");
    return ExitCodes.OK;
  }

  /**
   * {@code aurora job restart KEY[/INSTANCES]}: a rolling restart. Batches of instances are
   * restarted one after another; a batch is done when each restarted instance has a new task
   * RUNNING for {@code --watch-secs}.
   */
  @Command(name = "restart", description = "Restart the running instances of a job (all, or KEY/0,2-5), batch by batch.")
  static final class Restart extends SchedulerCommand {
    @Option(names = "--batch-size", defaultValue = "1", description = "Instances restarted at once (default ${DEFAULT-VALUE}).")
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
      var jobKey = key.job().jobKey();
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.job().cluster()));
      List<ScheduledTask> active = scheduler.tasks(jobKey, key.instances(), "ACTIVE");
      List<Integer> instances = active.stream().map(t -> t.assignedTask().instanceId())
          .distinct().sorted().toList();
      if (instances.isEmpty()) {
        out().println("No active instances of " + key + " to restart");
        return ExitCodes.OK;
      }
      int restartedTotal = 0;
      int failedTotal = 0;
      for (int from = 0; from < instances.size(); from += batchSize) {
        List<Integer> batch = instances.subList(from, Math.min(instances.size(), from + batchSize));
        // Every task the batch's instances have had so far, ended ones too: only tasks that appear after the
        // restart call are the restart's to judge (an instance's old FAILED tasks are not its failures).
        List<ScheduledTask> existing = scheduler.tasks(jobKey, batch, null);
        Set<String> before = new java.util.HashSet<>();
        existing.forEach(t -> before.add(t.taskId()));
        Set<String> old = new java.util.HashSet<>(scheduler.restart(jobKey, batch).taskIds());
        Set<Integer> restarted = new TreeSet<>();
        existing.stream().filter(t -> old.contains(t.taskId()))
            .forEach(t -> restarted.add(t.assignedTask().instanceId()));
        if (restarted.isEmpty()) {
          continue;  // nothing of this batch was running: nothing to replace
        }
        before.addAll(old);
        int failed = Waiter.untilRestarted(scheduler, jobKey, restarted, before, watchSecs,
            maxPerInstanceFailures, waitTimeout, out());
        restartedTotal += restarted.size();
        failedTotal += failed;
        if (failedTotal > maxTotalFailures) {
          throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "restart of " + key + " stopped: "
              + failedTotal + " instance(s) failed to come back (--max-total-failures "
              + maxTotalFailures + "); see `aurora job status " + key.job() + "`");
        }
      }
      out().println("Job restart succeeded: " + restartedTotal + " instance(s) of " + key + " restarted");
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

  /** {@code aurora quota get CLUSTER/ROLE}. */
  @Command(name = "get", description = "Show a role's quota and what it uses.")
  static final class QuotaGet extends SchedulerCommand {
    @Option(names = "--write-json", description = "Print the answer as JSON.")
    boolean writeJson;

    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE")
    String clusterRole;

    @Override
    int run() throws Exception {
      String[] parts = clusterRole.split("/", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "'" + clusterRole
            + "' is not CLUSTER/ROLE, e.g. devcluster/www-data");
      }
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(parts[0]));
      SchedulerClient.Quota q = scheduler.quota(parts[1]);
      if (writeJson) {
        out().println(ModelJson.mapper().writeValueAsString(q));
        return ExitCodes.OK;
      }
      out().println("Allocated:");
      out().println("  CPU: " + q.quota().cpu() + "\n  RAM: " + q.quota().ramMb() / 1024.0
          + " GB\n  Disk: " + q.quota().diskMb() / 1024.0 + " GB");
      out().println("Production resources consumed:");
      out().println("  CPU: " + q.prodConsumption().cpu() + "\n  RAM: "
          + q.prodConsumption().ramMb() / 1024.0 + " GB\n  Disk: "
          + q.prodConsumption().diskMb() / 1024.0 + " GB");
      out().println("Non-production resources consumed:");
      out().println("  CPU: " + q.nonProdConsumption().cpu() + "\n  RAM: "
          + q.nonProdConsumption().ramMb() / 1024.0 + " GB\n  Disk: "
          + q.nonProdConsumption().diskMb() / 1024.0 + " GB");
      return ExitCodes.OK;
    }
  }

  /** {@code aurora quota ...}. */
  @Command(name = "quota", description = "Work with quotas.", subcommands = QuotaGet.class)
  static final class QuotaCommand {}

  /** Polls the scheduler until tasks reach a state, showing progress on a terminal. */
  static final class Waiter {
    private Waiter() {}

    static void untilState(SchedulerClient scheduler, AuroraJobKey key, int instances,
        WaitUntil target, int timeoutSecs, PrintWriter out) throws SchedulerException, InterruptedException {
      long deadline = timeoutSecs <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutSecs * 1_000_000_000L;
      boolean tty = System.console() != null;
      while (true) {
        List<ScheduledTask> tasks = scheduler.tasks(key.jobKey(), Set.of(), null);
        long running = tasks.stream().filter(t -> t.status() == ScheduleStatus.RUNNING)
            .map(t -> t.assignedTask().instanceId()).distinct().count();
        boolean anyActive = tasks.stream().anyMatch(t -> t.status().isActive());
        if (target == WaitUntil.RUNNING && running >= instances) {
          return;
        }
        if (target == WaitUntil.FINISHED && !tasks.isEmpty() && !anyActive) {
          return;
        }
        if (target == WaitUntil.RUNNING && !tasks.isEmpty() && !anyActive) {
          throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "job " + key
              + " ended before all its instances were RUNNING; see `aurora job status " + key + "`");
        }
        if (System.nanoTime() > deadline) {
          throw new CommandFailure(ExitCodes.TIMEOUT, "gave up after " + timeoutSecs
              + "s waiting for " + key + " to be " + target);
        }
        if (tty) {
          out.print("\rwaiting for " + target + ": " + running + "/" + instances + " running   ");
          out.flush();
        }
        Thread.sleep(1000);
      }
    }

    /**
     * Waits until each instance has a task not in {@code before} RUNNING for {@code watchSecs};
     * returns how many instances failed instead (more than {@code maxFailures} failed new tasks).
     */
    static int untilRestarted(SchedulerClient scheduler, io.github.auroradist.common.model.JobKey job,
        Set<Integer> instances, Set<String> before, int watchSecs, int maxFailures, int timeoutSecs,
        PrintWriter out) throws SchedulerException, InterruptedException {
      long deadline = System.nanoTime() + timeoutSecs * 1_000_000_000L;
      boolean tty = System.console() != null;
      while (true) {
        List<ScheduledTask> tasks = scheduler.tasks(job, instances, null);
        int done = 0;
        int failed = 0;
        for (int instance : instances) {
          List<ScheduledTask> fresh = tasks.stream()
              .filter(t -> t.assignedTask().instanceId() == instance && !before.contains(t.taskId()))
              .toList();
          long failures = fresh.stream().filter(t -> t.status() == ScheduleStatus.FAILED
              || t.status() == ScheduleStatus.LOST).count();
          if (failures > maxFailures) {
            failed++;
            done++;
            continue;
          }
          boolean settled = fresh.stream().anyMatch(t -> t.status() == ScheduleStatus.RUNNING
              && runningSince(t) <= System.currentTimeMillis() - watchSecs * 1000L);
          if (settled) {
            done++;
          }
        }
        if (done == instances.size()) {
          return failed;
        }
        if (System.nanoTime() > deadline) {
          throw new CommandFailure(ExitCodes.TIMEOUT, "gave up after " + timeoutSecs + "s waiting"
              + " for instances " + instances + " of " + job + " to run again");
        }
        if (tty) {
          out.print("\rrestarting instances " + instances + ": " + done + "/" + instances.size() + " back   ");
          out.flush();
        }
        Thread.sleep(500);
      }
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

    static void untilNoActive(SchedulerClient scheduler, TaskInstanceKey key, int timeoutSecs,
        PrintWriter out) throws SchedulerException, InterruptedException {
      long deadline = System.nanoTime() + timeoutSecs * 1_000_000_000L;
      boolean tty = System.console() != null;
      while (true) {
        long active = scheduler.tasks(key.job().jobKey(), key.instances(), "ACTIVE").size();
        if (active == 0) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new CommandFailure(ExitCodes.TIMEOUT, "gave up after " + timeoutSecs
              + "s: " + active + " task(s) of " + key + " are still active");
        }
        if (tty) {
          out.print("\rwaiting for " + active + " task(s) to end   ");
          out.flush();
        }
        Thread.sleep(500);
      }
    }
  }
}
