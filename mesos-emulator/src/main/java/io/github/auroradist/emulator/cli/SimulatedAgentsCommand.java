package io.github.auroradist.emulator.cli;

import io.github.auroradist.emulator.sim.SimulatedAgents;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesos-emulator simulated-agents}: many agents that run nothing, for scale tests (never production). */
@Command(name = "simulated-agents", mixinStandardHelpOptions = true,
    description = {"Registers many simulated agents with a master: they offer resources and report tasks RUNNING",
        "(after --running_after, or FAILED at --fail_rate) without running them. For scale tests only."})
final class SimulatedAgentsCommand implements Callable<Integer> {
  @Option(names = "--master", required = true, description = "The master's URL, e.g. http://127.0.0.1:5050.")
  String master;

  @Option(names = "--count", defaultValue = "10000", description = "Number of agents (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--resources", defaultValue = "cpus:8;mem:16384;disk:100000;ports:[31000-32000]",
      description = "What each agent offers (default: ${DEFAULT-VALUE}).")
  String resources;

  @Option(names = "--running_after", defaultValue = "0secs",
      description = "How long a task takes to report RUNNING (default: ${DEFAULT-VALUE}).")
  String runningAfter;

  @Option(names = "--fail_rate", defaultValue = "0",
      description = "The share of tasks that report FAILED instead, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double failRate;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the failures (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    SimulatedAgents agents = SimulatedAgents.start(URI.create(master), new SimulatedAgents.Settings(count, resources,
        MesosEmulator.duration("running_after", runningAfter), failRate, seed));
    System.out.println(count + " simulated agents registered with " + master);
    MesosEmulator.awaitShutdown(agents);
    return 0;
  }
}
