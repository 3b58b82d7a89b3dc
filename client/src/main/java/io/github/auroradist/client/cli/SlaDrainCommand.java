package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.MaintenanceClient;
import io.github.auroradist.common.model.SlaPolicy;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurora-admin sla_host_drain}: the scheduler drains the hosts keeping every job's SLA (the job's own
 * policy, else {@code --default_percentage} over {@code --default_duration}) and kills what is left after
 * {@code --force_drain_timeout}. Batches of {@code --grouping} go one after another: the next batch starts once
 * the one before is DRAINED.
 */
@Command(name = "sla_host_drain", aliases = "sla-host-drain",
    description = "Drain hosts while every job keeps its SLA (the job's sla_policy, else the default given here).")
final class SlaDrainCommand extends HostMaintenanceCommands.HostCommand {
  @Option(names = "--default_percentage", defaultValue = "95", paramLabel = "PERCENTAGE",
      description = "SLA percentage of instances that must stay up, for jobs without sla_policy (default:"
          + " ${DEFAULT-VALUE}).")
  double percentage;

  @Option(names = "--default_duration", defaultValue = "30m", paramLabel = "DURATION",
      description = "How long an instance must have run to count as up, for jobs without sla_policy (default:"
          + " ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--force_drain_timeout", defaultValue = "7d", paramLabel = "DURATION",
      description = "After this long the scheduler kills the tasks left, SLA or not (default: ${DEFAULT-VALUE}).")
  String forceDrainTimeout;

  @Mixin GroupingOption grouping;

  @Override
  int run() throws Exception {
    if (!(percentage > 0 && percentage <= 100)) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "--default_percentage " + percentage
          + " must be above 0 and at most 100");
    }
    SlaPolicy policy = SlaPolicy.percentage(percentage, Durations.seconds(duration, "--default_duration"));
    long timeoutSecs = Durations.seconds(forceDrainTimeout, "--force_drain_timeout");
    List<List<String>> batches = grouping.batches(hostArguments.hosts());
    MaintenanceClient maintenance = maintenance();
    for (int i = 0; i < batches.size(); i++) {
      List<String> batch = batches.get(i);
      out().println("Draining hosts under SLA: " + String.join(", ", batch));
      printModes(maintenance.slaDrain(batch, policy, timeoutSecs));
      if (i + 1 < batches.size()) {
        // The forced kill ends every drain by the deadline; the extra wait covers the kills themselves.
        HostMaintenanceCommands.waitForDrained(maintenance, batch,
            Duration.ofSeconds(timeoutSecs).plus(HostMaintenanceCommands.drainWait), out());
        printModes(maintenance.status(batch));
      }
    }
    return ExitCodes.OK;
  }
}
