package io.github.auroradist.client.cli;

import io.github.auroradist.client.config.AuroraConfig;
import io.github.auroradist.client.keys.AuroraJobKey;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code aurora config ...}: commands on configuration files. */
@Command(name = "config", description = "Work with configuration files.",
    subcommands = {ConfigCommand.ListJobs.class})
final class ConfigCommand {

  /** {@code aurora config list CONFIG}: prints {@code jobs=[key, ...]}. */
  @Command(name = "list", description = "List the jobs a configuration file defines.")
  static final class ListJobs implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOptions options = new ConfigOptions();

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The .aurora file.")
    Path config;

    @Override
    public Integer call() throws Exception {
      AuroraConfig loaded = options.load(config);
      spec.commandLine().getOut().println("jobs=[" + loaded.jobKeys().stream()
          .map(AuroraJobKey::toString).collect(Collectors.joining(", ")) + "]");
      return ExitCodes.OK;
    }
  }
}
