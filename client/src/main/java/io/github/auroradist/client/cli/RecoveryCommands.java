package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.AdminClient;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Aurora's online recovery: {@code scheduler_stage_recovery CLUSTER BACKUP} loads a backup beside the live state,
 * {@code scheduler_print_recovery_tasks} and {@code scheduler_delete_recovery_tasks} inspect and edit it,
 * {@code scheduler_commit_recovery} makes it the live state and {@code scheduler_unload_recovery} drops it.
 */
final class RecoveryCommands {
  private RecoveryCommands() {}

  /** The CLUSTER argument of every recovery command. */
  abstract static class RecoveryCommand extends SchedulerCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;

    AdminClient admin() {
      return new AdminClient(ClientContext.scheduler(ClientContext.cluster(cluster)));
    }
  }

  @Command(name = "scheduler_stage_recovery", aliases = "scheduler-stage-recovery",
      description = "Load a backup (as scheduler_list_backups names it) beside the live state for recovery.")
  static final class Stage extends RecoveryCommand {
    @Parameters(index = "1", paramLabel = "BACKUP_ID") String backup;

    @Override
    int run() throws Exception {
      AdminClient.StagedBackup staged = admin().stageRecovery(backup);
      out().println("Staged recovery from backup " + staged.backup() + ": " + staged.jobs() + " job(s), "
          + staged.tasks() + " task(s)");
      return ExitCodes.OK;
    }
  }

  @Command(name = "scheduler_print_recovery_tasks", aliases = "scheduler-print-recovery-tasks",
      description = "Print the active tasks of the staged recovery.")
  static final class Print extends RecoveryCommand {
    @Override
    int run() throws Exception {
      List<ScheduledTask> tasks = admin().recoveryTasks(new AdminClient.TaskFilter(null, null, null, null,
          ScheduleStatus.ACTIVE.stream().map(Enum::name).sorted().toList(), null));
      out().println("Role\tJob\tShard\tStatus\tTask ID");
      for (ScheduledTask t : tasks) {
        var a = t.assignedTask();
        out().println(String.join("\t", a.task().job().role(), a.task().job().name(),
            String.valueOf(a.instanceId()), t.status().name(), a.taskId()));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "scheduler_delete_recovery_tasks", aliases = "scheduler-delete-recovery-tasks",
      description = "Delete tasks (a comma-separated list of task ids) from the staged recovery.")
  static final class Delete extends RecoveryCommand {
    @Parameters(index = "1", paramLabel = "TASK_IDS") String taskIds;

    @Override
    int run() throws Exception {
      List<String> ids = Arrays.stream(taskIds.split(",", -1)).map(String::trim).filter(s -> !s.isEmpty())
          .distinct().toList();
      if (ids.isEmpty()) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "name the task ids to delete, comma-separated");
      }
      List<String> deleted = admin().deleteRecoveryTasks(new AdminClient.TaskFilter(null, null, null, null, null,
          ids));
      out().println("Deleted " + deleted.size() + " task(s) from the staged recovery");
      deleted.forEach(out()::println);
      return ExitCodes.OK;
    }
  }

  @Command(name = "scheduler_commit_recovery", aliases = "scheduler-commit-recovery",
      description = "Make the staged recovery the scheduler's live state (on every replica).")
  static final class Commit extends RecoveryCommand {
    @Override
    int run() throws Exception {
      AdminClient.StagedBackup committed = admin().commitRecovery();
      out().println("Recovery from backup " + committed.backup() + " committed: " + committed.jobs() + " job(s), "
          + committed.tasks() + " task(s)");
      return ExitCodes.OK;
    }
  }

  @Command(name = "scheduler_unload_recovery", aliases = "scheduler-unload-recovery",
      description = "Drop the staged recovery; the live state stays as it is.")
  static final class Unload extends RecoveryCommand {
    @Override
    int run() throws Exception {
      out().println("Unloaded the staged recovery from backup " + admin().unloadRecovery());
      return ExitCodes.OK;
    }
  }
}
