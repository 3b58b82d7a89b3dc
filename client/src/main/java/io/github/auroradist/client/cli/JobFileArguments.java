package io.github.auroradist.client.cli;

import io.github.auroradist.client.config.ConfigException;
import io.github.auroradist.client.config.ConfiguredJob;
import io.github.auroradist.client.keys.AuroraJobKey;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code CLUSTER/ROLE/ENV/NAME CONFIG} and the config options: the arguments of commands that read one job from a file.
 */
final class JobFileArguments {
  @Mixin ConfigOptions options = new ConfigOptions();

  @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME",
      description = "The job's key, e.g. devcluster/www-data/devel/hello.",
      converter = KeyConverters.AuroraJobKeyConverter.class)
  AuroraJobKey key;

  @Parameters(index = "1", paramLabel = "CONFIG", description = "The .aurora file.")
  Path config;

  /** The job {@link #key} as {@link #config} defines it. */
  ConfiguredJob job() throws ConfigException {
    return options.job(key, config);
  }

  /**
   * The job, for a command that makes a new one ({@code job create}, {@code cron schedule}): a key the scheduler
   * would refuse for a new job is refused here, before the scheduler is asked (exit 3).
   */
  ConfiguredJob newJob() throws ConfigException {
    List<String> problems = key.jobKey().problemsForNewJob();
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("; ", problems));
    }
    return job();
  }
}
