package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to a scheduler: its failures to reach or persuade the scheduler become Aurora's exit codes. */
abstract class SchedulerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Override
  public Integer call() throws Exception {
    try {
      return run();
    } catch (SchedulerException e) {
      throw ClientContext.failure(e);
    }
  }

  abstract int run() throws Exception;
}
