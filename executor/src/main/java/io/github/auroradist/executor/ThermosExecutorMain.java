package io.github.auroradist.executor;

import io.github.auroradist.common.process.BoundedStop;
import io.github.auroradist.common.process.ProcessHealth;
import io.github.auroradist.common.thermos.config.LoggerConfig;
import io.github.auroradist.executor.announce.AnnouncerZooKeeperAuth;
import io.github.auroradist.common.thermos.config.RotatePolicy;
import io.github.auroradist.mesos.executor.ExecutorEnvironment;
import io.github.auroradist.mesos.executor.MesosExecutorClient;
import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thermos_executor}: started by a Mesos agent with the MESOS_* environment. */
@Command(name = "thermos_executor", mixinStandardHelpOptions = true, version = "thermos_executor 0.1.0",
    description = "Runs one Aurora task's Thermos processes in the Mesos sandbox and reports its state to the agent.")
public final class ThermosExecutorMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ThermosExecutorMain.class);

  @Option(names = {"--announcer-ensemble", "--announcer_ensemble"}, paramLabel = "HOST:PORT[,HOST:PORT]",
      description = "ZooKeeper servers to announce tasks with an announce config in; none: do not announce")
  String announcerEnsemble;

  @Option(names = {"--announcer-serverset-path", "--announcer_serverset_path"}, defaultValue = "/aurora",
      description = "Root of the serversets; members go to <path>/<role>/<env>/<job> (default: ${DEFAULT-VALUE})")
  String announcerServersetPath;

  @Option(names = {"--announcer-hostname", "--announcer_hostname"},
      description = "Host name to announce instead of the agent's")
  String announcerHostname;

  @Option(names = {AnnouncerZooKeeperAuth.OPTION, "--announcer_zookeeper_auth_config"}, paramLabel = "FILE",
      description = "JSON file of the announcer's ZooKeeper authentication (\"auth\") and its nodes' ACL (\"acl\");"
          + " see docs/executor.md")
  Path announcerZooKeeperAuthConfig;

  @Option(names = {"--nosetuid"}, description = "Run processes as the executor's user even when it is root")
  boolean nosetuid;

  @Option(names = {"--nosetuid-health-checks", "--nosetuid_health_checks"},
      description = "Run shell health checks as the executor's user, not the task's")
  boolean nosetuidHealthChecks;

  @Option(names = {"--preserve_env", "--preserve-env"},
      description = "Pass the executor's environment on to the task's processes")
  boolean preserveEnv;

  @Option(names = {"--stop_timeout_in_secs", "--stop-timeout-in-secs"}, defaultValue = "120",
      description = "Longest a kill may take, HTTP shutdown endpoints included, before SIGKILL"
          + " (default: ${DEFAULT-VALUE})")
  int stopTimeoutSecs;

  @Option(names = {"--runner-logger-destination", "--runner_logger_destination"}, defaultValue = "file",
      description = "Default process log destination: file, console, both, none (default: ${DEFAULT-VALUE})")
  String loggerDestination;

  @Option(names = {"--runner-logger-mode", "--runner_logger_mode"}, defaultValue = "standard",
      description = "Default process log mode: standard or rotate (default: ${DEFAULT-VALUE})")
  String loggerMode;

  @Option(names = {"--runner-rotate-log-size-mb", "--runner_rotate_log_size_mb"}, defaultValue = "100",
      description = "Default size in MB at which rotated logs roll over (default: ${DEFAULT-VALUE})")
  long rotateLogSizeMb;

  @Option(names = {"--runner-rotate-log-backups", "--runner_rotate_log_backups"}, defaultValue = "5",
      description = "Default number of rotated log backups to keep (default: ${DEFAULT-VALUE})")
  int rotateLogBackups;

  @Option(names = "--self-test", description = "Run a small task in a temporary sandbox and exit:"
      + " checks this host can run tasks (and gives a class-data-sharing archive a realistic run)")
  boolean selfTest;

  @CommandLine.Unmatched
  List<String> unmatched = new java.util.ArrayList<>();

  public static void main(String[] args) {
    // An Error in any thread (an OutOfMemoryError in the launch above all) ends the executor at once, so that the
    // agent reports the task lost instead of leaving it in STARTING while the JVM idles on.
    ProcessHealth.ofThisProcess().installAsDefaultHandler();
    CommandLine cmd = new CommandLine(new ThermosExecutorMain());
    cmd.setUnmatchedArgumentsAllowed(true);
    System.exit(cmd.execute(args));
  }

  ExecutorSettings settings() {
    if (stopTimeoutSecs <= 0) {
      throw new IllegalArgumentException("--stop_timeout_in_secs must be positive, got " + stopTimeoutSecs);
    }
    LoggerConfig logger = new LoggerConfig(loggerDestination, loggerMode,
        new RotatePolicy(rotateLogSizeMb * 1024 * 1024, rotateLogBackups));
    return new ExecutorSettings(Optional.ofNullable(announcerEnsemble).filter(s -> !s.isBlank()),
        announcerServersetPath, Optional.ofNullable(announcerHostname), !nosetuid, preserveEnv,
        Duration.ofSeconds(stopTimeoutSecs), logger, Duration.ofSeconds(5), Duration.ofMinutes(2),
        !nosetuidHealthChecks, announcerZooKeeperAuthConfig == null ? ZooKeeperAuth.NONE
            : AnnouncerZooKeeperAuth.read(announcerZooKeeperAuthConfig));
  }

  @Override
  public Integer call() throws Exception {
    if (!unmatched.isEmpty()) {
      LOG.warn("ignoring options this executor does not know: {}", unmatched);
    }
    if (selfTest) {
      return SelfTest.run(System.out);
    }
    ExecutorSettings settings;
    ExecutorEnvironment env;
    try {
      settings = settings();
      env = ExecutorEnvironment.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("thermos_executor: " + e.getMessage());
      return 2;
    }
    MesosExecutorClient[] holder = new MesosExecutorClient[1];
    ThermosExecutor executor = new ThermosExecutor(settings, env.directory(), new StatusChannel() {
      @Override
      public void update(TaskStatus status) {
        holder[0].update(status);
      }

      @Override
      public boolean allAcknowledged() {
        return holder[0].unacknowledgedUpdates().isEmpty();
      }
    });
    // Processes run in their own sessions, so a terminated executor must take them down itself.
    BoundedStop.install("thermos_executor", BoundedStop.DEFAULT_BOUND, () -> executor.runner().ifPresent(r -> {
      if (!r.outcome().isDone()) {
        LOG.warn("the executor is exiting with the task still running; killing its processes");
        r.killAllNow();
      }
    }));
    try (MesosExecutorClient client = new MesosExecutorClient(env, executor)) {
      holder[0] = client;
      client.start();
      executor.done().join();
    }
    LOG.info("thermos_executor exits");
    return 0;
  }
}
