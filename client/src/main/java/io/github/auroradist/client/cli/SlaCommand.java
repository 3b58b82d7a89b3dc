package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.ScheduledTask;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora sla get-job-uptime|get-task-up-count}: a job's uptime figures, computed from its task events. */
@Command(name = "sla", description = "Work with SLA data in Aurora cluster.",
    subcommands = {SlaCommand.JobUptime.class, SlaCommand.TaskUpCount.class})
final class SlaCommand {
  private SlaCommand() {}

  /** The job's started instances' uptimes, now. */
  static List<Long> uptimes(AuroraJobKey key) throws Exception {
    SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.cluster()));
    List<ScheduledTask> tasks = scheduler.tasksWithoutConfigs(key.jobKey(), Set.of(), SlaVectors.LIVE_STATES);
    return SlaVectors.uptimes(tasks, SlaVectors.clock.getAsLong());
  }

  @Command(name = "get-job-uptime", description = "Print the job's uptime at each percentile: that share of its"
      + " instances has been up at least this long.")
  static final class JobUptime extends SchedulerCommand {
    @Option(names = "--percentiles", paramLabel = "P1,P2", defaultValue = "99,95,90,85,75,60,50,30,10",
        description = "Percentiles within (0.0, 100.0) (default: ${DEFAULT-VALUE}).")
    String percentiles;

    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
        converter = KeyConverters.AuroraJobKeyConverter.class)
    AuroraJobKey key;

    @Override
    int run() throws Exception {
      List<Double> ps = parsePercentiles(percentiles);
      List<Long> uptimes = uptimes(key);
      for (int i = ps.size() - 1; i >= 0; i--) {
        double p = ps.get(i);
        Long uptime = SlaVectors.uptimeAt(uptimes, p);
        // Aurora's (Python 2) figures: a floored float, or 0 when no instance has that many peers.
        out().println(python(p) + " percentile\t- " + (uptime == null ? "0" : uptime + ".0") + " seconds");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "get-task-up-count", description = "Print the percentage of the job's instances that have been up"
      + " at least each duration.")
  static final class TaskUpCount extends SchedulerCommand {
    @Option(names = "--durations", paramLabel = "D1,D2", defaultValue = "1m,10m,1h,12h,7d",
        description = "Durations as XdYhZmWs (default: ${DEFAULT-VALUE}).")
    String durations;

    @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
        converter = KeyConverters.AuroraJobKeyConverter.class)
    AuroraJobKey key;

    @Override
    int run() throws Exception {
      List<Long> ds = Arrays.stream(durations.split(",", -1)).map(d -> Durations.seconds(d, "--durations"))
          .sorted().toList();
      List<Long> uptimes = uptimes(key);
      for (long d : ds) {
        out().println(String.format(java.util.Locale.ROOT, "%d secs\t- %.2f %%", d,
            SlaVectors.upCount(uptimes, d, null)));
      }
      return ExitCodes.OK;
    }
  }

  /** Percentiles in (0, 100), ascending. */
  static List<Double> parsePercentiles(String text) {
    try {
      List<Double> ps = Arrays.stream(text.split(",", -1)).map(String::trim).map(Double::parseDouble).sorted().toList();
      for (double p : ps) {
        if (!(p > 0 && p < 100)) {
          throw new NumberFormatException();
        }
      }
      return ps;
    } catch (NumberFormatException e) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "--percentiles '" + text + "': write numbers within"
          + " (0.0, 100.0), comma-separated, e.g. 50,75,95.5", e);
    }
  }

  /** A number as Python's {@code %s} writes a float: {@code 99.0}, {@code 95.5}. */
  static String python(double value) {
    return value == Math.rint(value) ? (long) value + ".0" : Double.toString(value);
  }
}
