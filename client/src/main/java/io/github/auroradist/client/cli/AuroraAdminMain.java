package io.github.auroradist.client.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora-admin} (also installed as {@code aurora_admin}): the operators' command line. */
@Command(name = "aurora-admin",
    description = "Administers an Aurora cluster.",
    versionProvider = AuroraMain.Version.class,
    subcommands = {AuroraAdminMain.Query.class, AuroraAdminMain.SetQuota.class,
        AuroraAdminMain.IncreaseQuota.class, AuroraAdminMain.GetScheduler.class,
        AuroraAdminMain.GetClusterConfig.class, AuroraAdminMain.SchedulerSnapshot.class,
        AuroraAdminMain.SchedulerBackupNow.class, AuroraAdminMain.SchedulerListBackups.class,
        AuroraAdminMain.RemoveJob.class, HostMaintenanceCommands.Deactivate.class,
        HostMaintenanceCommands.Activate.class, HostMaintenanceCommands.Drain.class,
        HostMaintenanceCommands.Status.class, SlaDrainCommand.class, TaskAdminCommands.Reconcile.class,
        TaskAdminCommands.Prune.class, RecoveryCommands.Stage.class, RecoveryCommands.Print.class,
        RecoveryCommands.Delete.class, RecoveryCommands.Commit.class, RecoveryCommands.Unload.class,
        SlaDomainCommands.ListSafeDomain.class, SlaDomainCommands.ProbeHosts.class, CommandLine.HelpCommand.class},
    usageHelpAutoWidth = true)
public final class AuroraAdminMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  boolean version;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces of failures.")
  void verbose(boolean v) {
    AuroraMain.verbose = v;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: query,"
        + " set_quota, increase_quota, get_scheduler, get_cluster_config, scheduler_snapshot,"
        + " scheduler_backup_now, scheduler_list_backups, remove_job, host_deactivate, host_activate,"
        + " host_drain, host_status, ... (see aurora-admin --help)");
  }

  public static void main(String[] args) {
    System.exit(run(args, AuroraMain.utf8(System.out), AuroraMain.utf8(System.err)));
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return AuroraMain.execute(new CommandLine(new AuroraAdminMain()), args, out, err);
  }

  /** {@code query [--shards] [--states] [-l FORMAT] [--force] CLUSTER [ROLE [JOB]]}. */
  @Command(name = "query", description = "List tasks of a cluster, a role or a job.")
  static final class Query extends SchedulerCommand {
    @Option(names = "--shards", paramLabel = "0,2-5", description = "Only these instances.")
    String shards;

    @Option(names = "--states", paramLabel = "S1,S2",
        description = "Only tasks in these states (e.g. RUNNING,PENDING; default: active states).")
    String states;

    @Option(names = {"-l", "--listformat"}, defaultValue = "%role%/%name%/%instanceId% %status%",
        paramLabel = "FORMAT", description = "Line format: %%taskId%%, %%role%%, %%environment%%,"
            + " %%name%%, %%instanceId%%, %%status%%, %%host%% (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--force", description = "Allow a query of every task of the cluster.")
    boolean force;

    @Parameters(index = "0", paramLabel = "CLUSTER")
    String cluster;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ROLE")
    String role;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JOB")
    String job;

    @Override
    int run() throws Exception {
      if (role == null && !force) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "this would list every task of"
            + " cluster " + cluster + "; name a ROLE (and JOB), or add --force");
      }
      SortedSet<Integer> instances = shards == null ? new TreeSet<>() : InstanceRanges.parse(shards).toSortedSet();
      String statuses = states == null ? "ACTIVE" : normalizeStates(states);
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(cluster));
      List<ScheduledTask> tasks = scheduler.queryWithoutConfigs(role, null, job, instances, statuses).stream()
          .sorted(Comparator.comparing((ScheduledTask t) -> t.assignedTask().task().job().path())
              .thenComparingInt(t -> t.assignedTask().instanceId()))
          .toList();
      for (ScheduledTask t : tasks) {
        out().println(format(format, t));
      }
      return ExitCodes.OK;
    }

    static String normalizeStates(String text) {
      List<String> out = Arrays.stream(text.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT))
          .filter(s -> !s.isEmpty()).toList();
      for (String s : out) {
        if (!s.equals("ACTIVE") && !s.equals("TERMINAL")) {
          try {
            ScheduleStatus.valueOf(s);
          } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "unknown task state '" + s
                + "'; states are " + Arrays.toString(ScheduleStatus.values()));
          }
        }
      }
      return String.join(",", out);
    }

    static String format(String format, ScheduledTask t) {
      var a = t.assignedTask();
      return format.replace("%taskId%", a.taskId())
          .replace("%role%", a.task().job().role())
          .replace("%environment%", a.task().job().environment())
          .replace("%name%", a.task().job().name())
          .replace("%instanceId%", String.valueOf(a.instanceId()))
          .replace("%status%", t.status().name())
          .replace("%host%", a.agentHost() == null ? "" : a.agentHost());
    }
  }

  /** {@code set_quota CLUSTER ROLE CPU RAM DISK} with sizes such as {@code 4GB}. */
  @Command(name = "set_quota", aliases = "set-quota", description = "Set a role's quota.")
  static final class SetQuota extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
    @Parameters(index = "1", paramLabel = "ROLE") String role;
    @Parameters(index = "2", paramLabel = "CPU") double cpu;
    @Parameters(index = "3", paramLabel = "RAM", description = "e.g. 10g, 512m, 10GB") String ram;
    @Parameters(index = "4", paramLabel = "DISK", description = "e.g. 100g, 1T") String disk;

    @Override
    int run() throws Exception {
      ResourceAggregate given = quota(cpu, ram, disk);
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(cluster));
      // It takes no GPU count (as Aurora's): the role keeps the GPUs it has.
      ResourceAggregate now = scheduler.quota(role).quota();
      ResourceAggregate quota = new ResourceAggregate(given.cpu(), given.ramMb(), given.diskMb(),
          now == null ? 0 : now.gpus());
      scheduler.setQuota(role, quota);
      out().println("Quota of " + role + " set to " + describe(quota));
      return ExitCodes.OK;
    }
  }

  /** {@code increase_quota CLUSTER ROLE CPU RAM DISK}: adds to the current quota. */
  @Command(name = "increase_quota", aliases = "increase-quota", description = "Add to a role's quota.")
  static final class IncreaseQuota extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
    @Parameters(index = "1", paramLabel = "ROLE") String role;
    @Parameters(index = "2", paramLabel = "CPU") double cpu;
    @Parameters(index = "3", paramLabel = "RAM", description = "e.g. 1GB") String ram;
    @Parameters(index = "4", paramLabel = "DISK", description = "e.g. 10GB") String disk;

    @Override
    int run() throws Exception {
      ResourceAggregate more = quota(cpu, ram, disk);
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(cluster));
      ResourceAggregate now = scheduler.quota(role).quota();
      ResourceAggregate next = (now == null ? ResourceAggregate.NONE : now).plus(more);
      scheduler.setQuota(role, next);
      out().println("Quota of " + role + " raised from " + describe(now == null
          ? ResourceAggregate.NONE : now) + " to " + describe(next));
      return ExitCodes.OK;
    }
  }

  static ResourceAggregate quota(double cpu, String ram, String disk) {
    if (cpu < 0) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "CPU cannot be negative: " + cpu);
    }
    return new ResourceAggregate(cpu, DataSizes.megabytes(ram, "RAM"), DataSizes.megabytes(disk, "DISK"));
  }

  static String describe(ResourceAggregate q) {
    return "cpu " + q.cpu() + ", ram " + q.ramMb() + " MB, disk " + q.diskMb() + " MB"
        + (q.gpus() > 0 ? ", gpus " + q.gpus() : "");
  }

  /** {@code get_scheduler CLUSTER}: the leading scheduler's address. */
  @Command(name = "get_scheduler", aliases = "get-scheduler", description = "Print the leading scheduler's URL.")
  static final class GetScheduler extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;

    @Override
    int run() {
      out().println(ClientContext.scheduler(ClientContext.cluster(cluster)).base());
      return ExitCodes.OK;
    }
  }

  /** {@code get_cluster_config CLUSTER}: the cluster's clusters.json entry with defaults. */
  @Command(name = "get_cluster_config", aliases = "get-cluster-config",
      description = "Print a cluster's configuration as the client sees it.")
  static final class GetClusterConfig extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;

    @Override
    int run() throws Exception {
      Cluster c = ClientContext.cluster(cluster);
      ObjectNode o = ModelJson.mapper().createObjectNode();
      o.put("name", c.name());
      o.put("zk", c.zk());
      o.put("zk_port", c.zkPort());
      o.put("scheduler_zk_path", c.schedulerZkPath());
      o.put("scheduler_uri", c.schedulerUri());
      o.put("proxy_url", c.proxyUrl());
      o.put("auth_mechanism", c.authMechanism());
      o.put("slave_root", c.slaveRoot());
      o.put("slave_run_directory", c.slaveRunDirectory());
      o.put("docker_registry", c.dockerRegistry());
      c.extra().forEach(o::put);
      out().println(ModelJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
      return ExitCodes.OK;
    }
  }

  /** {@code scheduler_snapshot CLUSTER}: snapshot and compact the leader's log now. */
  @Command(name = "scheduler_snapshot", aliases = "scheduler-snapshot",
      description = "Snapshot the scheduler's state and compact its log now.")
  static final class SchedulerSnapshot extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;

    @Override
    int run() throws Exception {
      long index = ClientContext.scheduler(ClientContext.cluster(cluster)).snapshot();
      out().println("Snapshot taken at log index " + index);
      return ExitCodes.OK;
    }
  }

  /** {@code scheduler_backup_now CLUSTER}: write a backup now. */
  @Command(name = "scheduler_backup_now", aliases = "scheduler-backup-now",
      description = "Write a backup of the scheduler's state now (needs -backup_dir).")
  static final class SchedulerBackupNow extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;

    @Override
    int run() throws Exception {
      String file = ClientContext.scheduler(ClientContext.cluster(cluster)).backupNow();
      out().println("Backup written to " + file);
      return ExitCodes.OK;
    }
  }

  /** {@code scheduler_list_backups CLUSTER}: the backups, oldest first. */
  @Command(name = "scheduler_list_backups", aliases = "scheduler-list-backups",
      description = "List the scheduler's backups, oldest first.")
  static final class SchedulerListBackups extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;

    @Override
    int run() throws Exception {
      ClientContext.scheduler(ClientContext.cluster(cluster)).backups().forEach(out()::println);
      return ExitCodes.OK;
    }
  }

  /**
   * {@code remove_job CLUSTER/ROLE/ENV/NAME}: kill a job's tasks and forget it, whatever its key (also one such as
   * {@code ..} that no job URL can name).
   */
  @Command(name = "remove_job", aliases = "remove-job",
      description = "Kill a job's active tasks and remove the job and its cron schedule, whatever its key.")
  static final class RemoveJob extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME") String jobKey;

    @Override
    int run() throws Exception {
      String[] parts = jobKey.split("/", -1);
      if (parts.length != 4) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "'" + jobKey + "' is not a job key;"
            + " write CLUSTER/ROLE/ENV/NAME");
      }
      JobKey key;
      try {
        key = new JobKey(parts[1], parts[2], parts[3]);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, e.getMessage(), e);
      }
      SchedulerClient.RemovedJob removed = ClientContext.scheduler(ClientContext.cluster(parts[0])).removeJob(key);
      out().println("Removed job " + jobKey + ": " + removed.taskIds().size() + " task(s) killed"
          + (removed.jobRemoved() ? ", configuration removed" : ""));
      return ExitCodes.OK;
    }
  }
}
