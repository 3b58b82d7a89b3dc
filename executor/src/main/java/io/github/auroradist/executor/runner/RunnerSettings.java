package io.github.auroradist.executor.runner;

import io.github.auroradist.common.thermos.config.LoggerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How a task runner runs its processes.
 *
 * @param sandbox the working directory of every process
 * @param logDir where {@code <process>/<run>/stdout|stderr} go (Aurora: {@code sandbox/.logs})
 * @param runAs the user processes run as (via setpriv); empty to run as the executor's user
 * @param preserveEnv pass the executor's whole environment on instead of a minimal one
 * @param extraEnv variables added to every process's environment
 * @param defaultLogger the logger for processes whose config has none
 * @param escalationWait how long processes get between SIGTERM and SIGKILL while cleaning
 */
public record RunnerSettings(
    Path sandbox,
    Path logDir,
    Optional<UnixUser> runAs,
    boolean preserveEnv,
    Map<String, String> extraEnv,
    LoggerConfig defaultLogger,
    Duration escalationWait) {

  public RunnerSettings {
    extraEnv = Map.copyOf(extraEnv);
  }

  /** Logs in {@code sandbox/.logs}, current user, standard logger, 5 s escalation wait. */
  public static RunnerSettings inSandbox(Path sandbox) {
    return new RunnerSettings(sandbox, sandbox.resolve(".logs"), Optional.empty(), false, Map.of(),
        LoggerConfig.standard(), Duration.ofSeconds(5));
  }

  public RunnerSettings withRunAs(Optional<UnixUser> user) {
    return new RunnerSettings(sandbox, logDir, user, preserveEnv, extraEnv, defaultLogger, escalationWait);
  }

  public RunnerSettings withEscalationWait(Duration wait) {
    return new RunnerSettings(sandbox, logDir, runAs, preserveEnv, extraEnv, defaultLogger, wait);
  }

  public RunnerSettings withDefaultLogger(LoggerConfig logger) {
    return new RunnerSettings(sandbox, logDir, runAs, preserveEnv, extraEnv, logger, escalationWait);
  }

  public RunnerSettings withExtraEnv(Map<String, String> env) {
    return new RunnerSettings(sandbox, logDir, runAs, preserveEnv, env, defaultLogger, escalationWait);
  }

  public RunnerSettings withPreserveEnv(boolean preserve) {
    return new RunnerSettings(sandbox, logDir, runAs, preserve, extraEnv, defaultLogger, escalationWait);
  }
}
