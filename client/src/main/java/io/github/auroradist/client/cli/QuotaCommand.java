package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ResourceAggregate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora quota ...}: a role's quota. */
@Command(name = "quota", description = "Work with quotas.", subcommands = QuotaCommand.Get.class)
final class QuotaCommand {
  private QuotaCommand() {}

  /** {@code aurora quota get CLUSTER/ROLE}. */
  @Command(name = "get", description = "Show a role's quota and what it uses.")
  static final class Get extends SchedulerCommand {
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
      print(q.quota());
      out().println("Production resources consumed:");
      print(q.prodConsumption());
      out().println("Non-production resources consumed:");
      print(q.nonProdConsumption());
      return ExitCodes.OK;
    }

    private void print(ResourceAggregate r) {
      out().println("  CPU: " + r.cpu() + "\n  RAM: " + r.ramMb() / 1024.0 + " GB\n  Disk: "
          + r.diskMb() / 1024.0 + " GB");
    }
  }
}
