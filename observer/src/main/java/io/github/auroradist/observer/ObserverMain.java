package io.github.auroradist.observer;

import io.github.auroradist.common.process.BoundedStop;
import io.github.auroradist.common.process.ProcessHealth;
import java.io.IOException;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thermos_observer}: serves the Thermos tasks found under the Mesos work directory. */
@Command(name = "thermos_observer", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = ObserverMain.Version.class,
    description = {"Web UI and JSON API for the Thermos tasks on this worker: tasks, processes, logs and",
        "sandboxes, found by scanning the Mesos work directory for checkpoints."})
public final class ObserverMain implements Callable<Integer> {
  static {
    // The executor's jars share the package's lib directory (and its logback.xml); the observer
    // names its own configuration. Runs before the logger below is created.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "thermos-observer-logback.xml");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ObserverMain.class);

  @Option(names = "--ip", paramLabel = "ADDRESS", defaultValue = ObserverSettings.DEFAULT_IP,
      description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
  String ip;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ObserverSettings.DEFAULT_PORT,
      description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = {"--mesos-root", "--mesos_root"}, paramLabel = "DIR",
      defaultValue = ObserverSettings.DEFAULT_MESOS_ROOT,
      description = "The Mesos agent's --work_dir, where the sandboxes are (default: ${DEFAULT-VALUE}).")
  Path mesosRoot;

  @Option(names = {"--polling_interval_secs", "--polling-interval-secs"}, paramLabel = "SECS",
      defaultValue = "" + ObserverSettings.DEFAULT_POLLING_INTERVAL_SECS,
      description = "How often to rescan for tasks, in seconds (default: ${DEFAULT-VALUE}).")
  int pollingIntervalSecs;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--port must be between 0 and 65535, got " + port);
    }
    if (pollingIntervalSecs <= 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--polling_interval_secs must be 1 or more, got " + pollingIntervalSecs);
    }
    if (!Files.isDirectory(mesosRoot)) {
      // Not fatal: the agent may create it later; the pages say what is missing.
      LOG.warn("--mesos-root {} does not exist yet; it must be the Mesos agent's --work_dir", mesosRoot);
    }
    ObserverSettings settings = new ObserverSettings(ip, port, mesosRoot,
        Duration.ofSeconds(pollingIntervalSecs));
    Observer observer;
    try {
      observer = Observer.start(settings);
    } catch (IOException e) {
      boolean inUse = e instanceof BindException || e.getCause() instanceof BindException;
      String why = e.getCause() instanceof UnresolvedAddressException ? "not an address" : e.getMessage();
      System.err.println("thermos_observer: cannot listen on " + ip + ":" + port + " (" + why + "); "
          + (inUse ? "is another observer running? Choose another --port or --ip."
              : "--ip must be an address of this machine, or 0.0.0.0 for all."));
      return 1;
    }
    LOG.info("Thermos observer listening on http://{}:{}/ watching {} every {}s", ip, observer.port(),
        mesosRoot, pollingIntervalSecs);
    BoundedStop.install("thermos_observer", BoundedStop.DEFAULT_BOUND, observer::close);
    observer.join();
    return 0;
  }

  /** Parses flags and runs; returns the exit code (1 for bad flags, 0 for --help). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new ObserverMain());
    cli.setParameterExceptionHandler((e, a) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("thermos_observer: " + e.getMessage());
      cmd.getErr().println("Run 'thermos_observer --help' for the flags.");
      return 1;
    });
    cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
      cmd.getErr().println("thermos_observer: " + e.getMessage());
      LOG.error("Observer failed", e);
      return 1;
    });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    // An Error in any thread (an OutOfMemoryError above all) ends the process for its service manager to restart.
    ProcessHealth.ofThisProcess().installAsDefaultHandler();
    System.exit(run(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ObserverMain.class.getPackage().getImplementationVersion();
      return new String[] {"thermos_observer " + (v == null ? "(development build)" : v)};
    }
  }
}
