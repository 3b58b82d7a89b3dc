package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.MaintenanceClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.common.model.MaintenanceMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora-admin host_deactivate|host_activate|host_drain|host_status}: Aurora's host maintenance. */
final class HostMaintenanceCommands {
  /** How long host_drain waits for a batch to be DRAINED, and how often it looks (Aurora's values). */
  static volatile Duration drainWait = Duration.ofMinutes(5);
  static volatile Duration pollInterval = Duration.ofSeconds(5);

  private HostMaintenanceCommands() {}

  /** The CLUSTER argument and the hosts every host command takes. */
  abstract static class HostCommand extends SchedulerCommand {
    @Mixin HostArguments hostArguments;

    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;

    MaintenanceClient maintenance() {
      return new MaintenanceClient(ClientContext.scheduler(ClientContext.cluster(cluster)));
    }

    /** Aurora's host_status line; scripts read the mode as the last word. */
    void printModes(Map<String, MaintenanceMode> modes) {
      modes.forEach((host, mode) -> out().println(host + " is in state: " + mode));
    }
  }

  /** A command that sets or reads the hosts' modes and prints them. */
  abstract static class ModesCommand extends HostCommand {
    abstract Map<String, MaintenanceMode> modes(MaintenanceClient maintenance, List<String> hosts)
        throws SchedulerException;

    @Override
    int run() throws Exception {
      List<String> hosts = hostArguments.hosts();
      printModes(modes(maintenance(), hosts));
      return ExitCodes.OK;
    }
  }

  @Command(name = "host_deactivate", aliases = "host-deactivate",
      description = "Put hosts into maintenance mode (SCHEDULED): they keep their tasks and still take new ones.")
  static final class Deactivate extends ModesCommand {
    @Override
    Map<String, MaintenanceMode> modes(MaintenanceClient maintenance, List<String> hosts) throws SchedulerException {
      return maintenance.start(hosts);
    }
  }

  @Command(name = "host_activate", aliases = "host-activate",
      description = "Take hosts out of maintenance mode (NONE): they take tasks again.")
  static final class Activate extends ModesCommand {
    @Override
    Map<String, MaintenanceMode> modes(MaintenanceClient maintenance, List<String> hosts) throws SchedulerException {
      return maintenance.end(hosts);
    }
  }

  @Command(name = "host_status", aliases = "host-status",
      description = "Print each host's maintenance mode: '<host> is in state: <MODE>'.")
  static final class Status extends ModesCommand {
    @Override
    Map<String, MaintenanceMode> modes(MaintenanceClient maintenance, List<String> hosts) throws SchedulerException {
      return maintenance.status(hosts);
    }
  }

  @Command(name = "host_drain", aliases = "host-drain",
      description = "Drain hosts batch by batch: each batch's tasks move elsewhere, the command waits until the"
          + " batch is DRAINED and runs --post_drain_script for each of its hosts before the next batch.")
  static final class Drain extends HostCommand {
    @Mixin GroupingOption grouping;

    @Option(names = "--post_drain_script", paramLabel = "PATH",
        description = "A program run with each drained host's name as its argument.")
    Path postDrainScript;

    @Override
    int run() throws Exception {
      List<List<String>> batches = grouping.batches(hostArguments.hosts());
      if (postDrainScript != null && !Files.isExecutable(postDrainScript)) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "--post_drain_script " + postDrainScript
            + (Files.exists(postDrainScript) ? " is not executable (chmod +x it)" : ": no such file"));
      }
      MaintenanceClient maintenance = maintenance();
      for (List<String> batch : batches) {
        out().println("Draining hosts: " + String.join(", ", batch));
        maintenance.drain(batch);
        waitForDrained(maintenance, batch, drainWait, out());
        printModes(maintenance.status(batch));
        if (postDrainScript != null) {
          for (String host : batch) {
            runScript(postDrainScript, host, out());
          }
        }
      }
      return ExitCodes.OK;
    }
  }

  /** Waits until every host is DRAINED; exit 9 naming the hosts that are not after {@code wait}. */
  static void waitForDrained(MaintenanceClient maintenance, List<String> hosts, Duration wait, PrintWriter out)
      throws SchedulerException, InterruptedException {
    Poller.withoutProgress((int) wait.toSeconds(), pollInterval).until(() -> {
      List<String> notDrained = maintenance.status(hosts).entrySet().stream()
          .filter(e -> e.getValue() != MaintenanceMode.DRAINED).map(Map.Entry::getKey).toList();
      if (notDrained.isEmpty()) {
        return Poller.Look.done(Boolean.TRUE);
      }
      out.println("Waiting for hosts to be in DRAINED: " + String.join(", ", notDrained));
      return Poller.Look.notYet("", " waiting for hosts to be DRAINED: " + String.join(", ", notDrained));
    });
  }

  /** Runs the post-drain script for a host, its output passed through; exit 4 when it fails. */
  static void runScript(Path script, String host, PrintWriter out) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(script.toAbsolutePath().toString(), host).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    out.print(output);
    int code = p.waitFor();
    if (code != 0) {
      throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "--post_drain_script " + script + " " + host
          + " exited with " + code + "; the hosts after it were not drained");
    }
  }
}
