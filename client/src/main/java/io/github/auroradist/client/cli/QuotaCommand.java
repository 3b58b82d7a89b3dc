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
        out().println(ModelJson.mapper().writeValueAsString(q.answer()));
        return ExitCodes.OK;
      }
      out().println("Allocated:");
      print(q.quota());
      section("Production shared pool resources consumed:", q.prodSharedConsumption());
      section("Production dedicated pool resources consumed:", q.prodDedicatedConsumption());
      section("Non-production shared pool resources consumed:", q.nonProdSharedConsumption());
      section("Non-production dedicated pool resources consumed:", q.nonProdDedicatedConsumption());
      return ExitCodes.OK;
    }

    /** A consumption section, as Aurora's client: left out when the scheduler does not report it. */
    private void section(String title, ResourceAggregate r) {
      if (r != null) {
        out().println(title);
        print(r);
      }
    }

    /**
     * Aurora's lines: {@code CPU: 2.0}, {@code RAM: 4.000000 GB}, {@code Disk: 10.000000 GB}, and {@code GPU: 1}
     * when there are GPUs (left out otherwise, so output without GPUs stays as scripts know it).
     */
    private void print(ResourceAggregate r) {
      out().println("  CPU: " + pythonFloat(r.cpu()));
      out().println(String.format(java.util.Locale.ROOT, "  RAM: %f GB", r.ramMb() / 1024.0));
      out().println(String.format(java.util.Locale.ROOT, "  Disk: %f GB", r.diskMb() / 1024.0));
      if (r.gpus() > 0) {
        out().println("  GPU: " + r.gpus());
      }
    }

    /**
     * A number as Aurora's Python 2 client prints a float: 12 significant digits, so a sum such as 0.2 + 0.2 + 0.2
     * is {@code 0.6}, not Java's {@code 0.6000000000000001}, and a whole number keeps its {@code .0}.
     */
    static String pythonFloat(double value) {
      String text = new java.math.BigDecimal(value).round(new java.math.MathContext(12)).stripTrailingZeros()
          .toPlainString();
      return text.contains(".") ? text : text + ".0";
    }
  }
}
