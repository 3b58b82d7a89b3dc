package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora update list CLUSTER[/ROLE[/ENV[/NAME]]]}: updates, newest first, in Aurora's columns. */
@Command(name = "list", description = "List the updates of a cluster, a role, an environment or a job, newest"
    + " first: JOB, UPDATE ID, STATUS, CREATED BY, STARTED and LAST MODIFIED (UTC).")
final class UpdateListCommand extends SchedulerCommand {
  /** The names {@code --status} takes besides the statuses themselves, as Aurora's client groups them. */
  static final Map<String, Set<JobUpdateStatus>> GROUPS = groups();

  @Parameters(index = "0", paramLabel = "CLUSTER[/ROLE[/ENV[/NAME]]]",
      description = "Which updates, e.g. devcluster/www-data or devcluster/www-data/prod/hello.")
  String filter;

  @Option(names = "--status", paramLabel = "STATUS", description = "Only updates in this status (repeatable, or"
      + " comma-separated): a status such as ROLLING_FORWARD, or active, inactive, paused, blocked, failed,"
      + " succeeded, all.")
  List<String> statuses = List.of();

  @Option(names = "--user", paramLabel = "USER", description = "Only updates started by this user.")
  String user;

  @Option(names = "--write-json", description = "Print a JSON list of {job, id, user, started, last_modified,"
      + " status}.")
  boolean writeJson;

  private static Map<String, Set<JobUpdateStatus>> groups() {
    Map<String, Set<JobUpdateStatus>> g = new LinkedHashMap<>();
    g.put("active", JobUpdateStatus.ACTIVE);
    g.put("inactive", JobUpdateStatus.TERMINAL);
    g.put("paused", EnumSet.of(JobUpdateStatus.ROLL_FORWARD_PAUSED, JobUpdateStatus.ROLL_BACK_PAUSED));
    g.put("blocked", EnumSet.of(JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE,
        JobUpdateStatus.ROLL_BACK_AWAITING_PULSE));
    g.put("failed", EnumSet.of(JobUpdateStatus.ERROR, JobUpdateStatus.FAILED, JobUpdateStatus.ROLLED_BACK));
    g.put("succeeded", EnumSet.of(JobUpdateStatus.ROLLED_FORWARD));
    g.put("all", EnumSet.allOf(JobUpdateStatus.class));
    return Map.copyOf(g);
  }

  /** The statuses {@code --status} values name; empty for no filter. */
  static Set<JobUpdateStatus> statuses(List<String> values) {
    Set<JobUpdateStatus> out = EnumSet.noneOf(JobUpdateStatus.class);
    for (String value : values) {
      for (String v : value.split(",", -1)) {
        String name = v.trim();
        Set<JobUpdateStatus> group = GROUPS.get(name.toLowerCase(Locale.ROOT));
        if (group != null) {
          out.addAll(group);
          continue;
        }
        try {
          out.add(JobUpdateStatus.valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "--status '" + name + "' is neither an update"
              + " status (" + String.join(", ", EnumSet.allOf(JobUpdateStatus.class).stream().map(Enum::name)
                  .toList()) + ") nor one of " + String.join(", ", GROUPS.keySet().stream().sorted().toList()), e);
        }
      }
    }
    return out.size() == JobUpdateStatus.values().length ? Set.of() : out;
  }

  /** The parts of the filter, each checked as a job key part; exit 6 names the form. */
  static String[] parts(String filter) {
    String[] parts = filter.split("/", -1);
    boolean ok = parts.length <= 4;
    for (String p : parts) {
      ok &= JobKey.PART.matcher(p).matches();
    }
    if (!ok) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "'" + filter + "' does not name updates: write"
          + " CLUSTER, CLUSTER/ROLE, CLUSTER/ROLE/ENV or CLUSTER/ROLE/ENV/NAME, e.g. devcluster/www-data/prod/hello"
          + " (letters, digits, _, - and . in each part)");
    }
    return parts;
  }

  @Override
  int run() throws Exception {
    String[] parts = parts(filter);
    Set<JobUpdateStatus> wanted = statuses(statuses);
    SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(parts[0]));
    List<JobUpdateSummary> updates = scheduler.updates(part(parts, 1), part(parts, 2), part(parts, 3), user,
        wanted);
    if (writeJson) {
      out().println(UpdateFormat.listJson(parts[0], updates));
      return ExitCodes.OK;
    }
    if (!updates.isEmpty()) {
      out().println(UpdateFormat.header());
    }
    updates.forEach(u -> out().println(UpdateFormat.row(parts[0], u)));
    return ExitCodes.OK;
  }

  private static String part(String[] parts, int i) {
    return parts.length > i ? parts[i] : null;
  }
}
