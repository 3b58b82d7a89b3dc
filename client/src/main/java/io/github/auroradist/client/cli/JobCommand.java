package io.github.auroradist.client.cli;

import io.github.auroradist.client.config.ConfiguredJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aurora job ...}: commands on jobs. */
@Command(name = "job", description = "Work with jobs.", subcommands = {
    SchedulerCommands.Create.class, SchedulerCommands.Status.class, SchedulerCommands.ListJobs.class,
    SchedulerCommands.Kill.class, SchedulerCommands.KillAll.class, SchedulerCommands.Restart.class,
    SchedulerCommands.Add.class, SchedulerCommands.Diff.class, SchedulerCommands.Open.class,
    JobCommand.Inspect.class})
final class JobCommand {

  /** {@code aurora job inspect KEY CONFIG}: shows the job as the client will send it. */
  @Command(name = "inspect", description = "Show the job a configuration file defines for KEY.")
  static final class Inspect implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobFileArguments args = new JobFileArguments();

    @Option(names = "--write-json", description = "Print the job as JSON (the executor's form).")
    boolean writeJson;

    @Option(names = "--raw", description = "Print the typed job record the client uses.")
    boolean raw;

    @Override
    public Integer call() throws Exception {
      ConfiguredJob job = args.job();
      var out = spec.commandLine().getOut();
      if (writeJson) {
        out.println(job.thermosJson());
      } else if (raw) {
        out.println(job);
      } else {
        out.print(JobDescription.describe(job));
      }
      return ExitCodes.OK;
    }
  }
}
