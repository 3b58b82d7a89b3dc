package io.github.auroradist.executor;

import io.github.auroradist.common.thermos.config.LoggerConfig;
import io.github.auroradist.common.thermos.config.RotatePolicy;
import io.github.auroradist.executor.announce.AnnouncerZooKeeperAuth;
import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code thermos_executor}'s command line, read by hand: a command-line library builds its model from annotations
 * by reflection, about 4 MB in every executor JVM (one runs per task; see docs/benchmarks.md), for a dozen flags.
 * Each flag has Aurora's spelling and a dashed one; values come as {@code --flag value} or {@code --flag=value}.
 * Flags this executor does not know are kept in {@link #unmatched()} (the scheduler may pass Aurora's others).
 */
final class ExecutorFlags {
  static final String USAGE = """
      Usage: thermos_executor [options]
      Runs one Aurora task's Thermos processes in the Mesos sandbox and reports its state to the agent.
            --announcer-ensemble=HOST:PORT[,HOST:PORT]
                 ZooKeeper servers to announce tasks with an announce config in; none: do not announce
            --announcer-serverset-path=PATH
                 Root of the serversets; members go to <path>/<role>/<env>/<job> (default: /aurora)
            --announcer-hostname=HOST
                 Host name to announce instead of the agent's
            --announcer-zookeeper-auth-config=FILE
                 JSON file of the announcer's ZooKeeper authentication ("auth") and its nodes' ACL ("acl"); see
                 docs/executor.md
            --nosetuid   Run processes as the executor's user even when it is root
            --nosetuid-health-checks
                 Run shell health checks as the executor's user, not the task's
            --preserve-env
                 Pass the executor's environment on to the task's processes
            --stop-timeout-in-secs=SECONDS
                 Longest a kill may take, HTTP shutdown endpoints included, before SIGKILL (default: 120)
            --runner-logger-destination=DESTINATION
                 Default process log destination: file, console, both, none (default: file)
            --runner-logger-mode=MODE
                 Default process log mode: standard or rotate (default: standard)
            --runner-rotate-log-size-mb=MB
                 Default size in MB at which rotated logs roll over (default: 100)
            --runner-rotate-log-backups=COUNT
                 Default number of rotated log backups to keep (default: 5)
            --self-test  Run a small task in a temporary sandbox and exit: checks this host can run tasks (and
                 gives a class-data-sharing archive a realistic run)
        -h, --help       Show this help message and exit.
        -V, --version    Print version information and exit.
      Each dashed flag may also be spelled with underscores (--stop_timeout_in_secs), as Aurora's executor does.
      """;
  static final String VERSION = "thermos_executor 0.1.0";

  String announcerEnsemble;
  String announcerServersetPath = "/aurora";
  String announcerHostname;
  Path announcerZooKeeperAuthConfig;
  boolean nosetuid;
  boolean nosetuidHealthChecks;
  boolean preserveEnv;
  int stopTimeoutSecs = 120;
  String loggerDestination = "file";
  String loggerMode = "standard";
  long rotateLogSizeMb = 100;
  int rotateLogBackups = 5;
  boolean selfTest;
  boolean help;
  boolean version;
  private final List<String> unmatched = new ArrayList<>();

  /** Reads the arguments; a known flag without its value, or with a number that is none, is refused. */
  static ExecutorFlags parse(String... args) {
    ExecutorFlags flags = new ExecutorFlags();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      String inline = name.equals(arg) ? null : arg.substring(eq + 1);
      String key = name.startsWith("--") ? "--" + name.substring(2).replace('_', '-') : name;
      if (flags.flag(key, inline)) {
        continue;
      }
      if (!flags.takesValue(key)) {
        flags.unmatched.add(arg);
        continue;
      }
      String value = inline;
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing required parameter for option '" + name + "'");
        }
        value = args[++i];
      }
      flags.value(key, name, value);
    }
    return flags;
  }

  /** Sets a flag without a value; false when {@code key} is none (a flag given a value is refused). */
  private boolean flag(String key, String inline) {
    switch (key) {
      case "--nosetuid" -> nosetuid = true;
      case "--nosetuid-health-checks" -> nosetuidHealthChecks = true;
      case "--preserve-env" -> preserveEnv = true;
      case "--self-test" -> selfTest = true;
      case "-h", "--help" -> help = true;
      case "-V", "--version" -> version = true;
      default -> {
        return false;
      }
    }
    if (inline != null) {
      throw new IllegalArgumentException("option '" + key + "' takes no value, got '" + inline + "'");
    }
    return true;
  }

  private boolean takesValue(String key) {
    return switch (key) {
      case "--announcer-ensemble", "--announcer-serverset-path", "--announcer-hostname",
          AnnouncerZooKeeperAuth.OPTION, "--stop-timeout-in-secs", "--runner-logger-destination",
          "--runner-logger-mode", "--runner-rotate-log-size-mb", "--runner-rotate-log-backups" -> true;
      default -> false;
    };
  }

  private void value(String key, String name, String value) {
    switch (key) {
      case "--announcer-ensemble" -> announcerEnsemble = value;
      case "--announcer-serverset-path" -> announcerServersetPath = value;
      case "--announcer-hostname" -> announcerHostname = value;
      case AnnouncerZooKeeperAuth.OPTION -> announcerZooKeeperAuthConfig = Path.of(value);
      case "--stop-timeout-in-secs" -> stopTimeoutSecs = (int) number(name, value, Integer.MAX_VALUE);
      case "--runner-logger-destination" -> loggerDestination = value;
      case "--runner-logger-mode" -> loggerMode = value;
      case "--runner-rotate-log-size-mb" -> rotateLogSizeMb = number(name, value, Long.MAX_VALUE);
      case "--runner-rotate-log-backups" -> rotateLogBackups = (int) number(name, value, Integer.MAX_VALUE);
      default -> throw new IllegalStateException("no value flag " + key);
    }
  }

  private static long number(String name, String value, long max) {
    try {
      long n = Long.parseLong(value.strip());
      if (Math.abs(n) > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid value for option '" + name + "': '" + value + "' is not a"
          + (max == Integer.MAX_VALUE ? "n int" : " long"));
    }
  }

  /** The arguments this executor does not know, in order (each value-less: an unknown flag's value lands here). */
  List<String> unmatched() {
    return unmatched;
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
}
