package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.AdminClient;
import io.github.auroradist.common.model.ScheduleStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora-admin reconcile_tasks} and {@code prune_tasks}: the scheduler's task bookkeeping. */
final class TaskAdminCommands {
  private TaskAdminCommands() {}

  /** Aurora's reconcile types. */
  enum ReconcileType { explicit, implicit }

  @Command(name = "reconcile_tasks", aliases = "reconcile-tasks",
      description = "Ask Mesos for the state of the scheduler's tasks now (explicit: task by task; implicit: all).")
  static final class Reconcile extends SchedulerCommand {
    @Option(names = {"-t", "--type"}, defaultValue = "explicit", paramLabel = "TYPE",
        description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReconcileType type;

    @Option(names = {"-b", "--batch_size"}, defaultValue = "1000", paramLabel = "N",
        description = "Tasks per explicit reconciliation request (default: ${DEFAULT-VALUE}, the scheduler's"
            + " -reconciliation_explicit_batch_size default).")
    int batchSize;

    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;

    @Override
    int run() throws Exception {
      if (type == ReconcileType.explicit && batchSize < 1) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "Batch size must be positive (--batch_size "
            + batchSize + ").");
      }
      AdminClient admin = new AdminClient(ClientContext.scheduler(ClientContext.cluster(cluster)));
      String name = type.name().toUpperCase(Locale.ROOT);
      int tasks = admin.reconcile(name, type == ReconcileType.explicit ? batchSize : null);
      out().println(type == ReconcileType.explicit
          ? "Explicit reconciliation started for " + tasks + " task(s) in batches of " + batchSize
          : "Implicit reconciliation started");
      return ExitCodes.OK;
    }
  }

  @Command(name = "prune_tasks", aliases = "prune-tasks",
      description = "Forget terminal tasks (all of them, or those matching the options).")
  static final class Prune extends SchedulerCommand {
    @Option(names = "--role", paramLabel = "ROLE", description = "Only tasks of this role.") String role;
    @Option(names = {"--env", "--environment"}, paramLabel = "ENV", description = "Only tasks of this environment.")
    String environment;
    @Option(names = "--job", paramLabel = "NAME", description = "Only tasks of jobs of this name.") String job;
    @Option(names = "--states", paramLabel = "S1,S2",
        description = "Only tasks in these terminal states (default: every terminal state).") String states;
    @Option(names = "--limit", paramLabel = "N", description = "Prune at most N tasks.") Integer limit;

    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;

    @Override
    int run() throws Exception {
      List<String> statuses = states == null ? List.of() : terminalStates(states);
      if (limit != null && limit < 1) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "--limit must be at least 1, not " + limit);
      }
      AdminClient admin = new AdminClient(ClientContext.scheduler(ClientContext.cluster(cluster)));
      List<String> pruned = admin.prune(role, environment, job, statuses, limit);
      // Aurora's line, then the ids this scheduler also reports.
      out().println("Tasks pruned.");
      pruned.forEach(out()::println);
      return ExitCodes.OK;
    }
  }

  /** Names of terminal states, upper-cased; an unknown or active one is an error naming the terminal states. */
  static List<String> terminalStates(String text) {
    List<String> names = Arrays.stream(text.split(",", -1)).map(s -> s.trim().toUpperCase(Locale.ROOT))
        .filter(s -> !s.isEmpty()).toList();
    List<String> terminal = Arrays.stream(ScheduleStatus.values()).filter(ScheduleStatus::isTerminal)
        .map(Enum::name).toList();
    for (String n : names) {
      if (!terminal.contains(n)) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "'" + n + "' is not a terminal task state;"
            + " only terminal tasks are pruned: " + String.join(", ", terminal));
      }
    }
    return names;
  }
}
