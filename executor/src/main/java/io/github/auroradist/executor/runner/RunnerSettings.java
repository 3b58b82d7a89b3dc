package io.github.auroradist.executor.runner;

import io.github.auroradist.common.thermos.config.LoggerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param taskFs the image file system processes run in; empty to run them on the host
 */
public record RunnerSettings(
    Path sandbox,
    Path logDir,
    Optional<UnixUser> runAs,
    boolean preserveEnv,
    Map<String, String> extraEnv,
    LoggerConfig defaultLogger,
    Duration escalationWait,
    Optional<TaskFilesystem> taskFs) {

  public RunnerSettings {
    extraEnv = Map.copyOf(extraEnv);
  }

  /** Logs in {@code sandbox/.logs}, current user, standard logger, 5 s escalation wait. */
  public static RunnerSettings inSandbox(Path sandbox) {
    return new RunnerSettings(sandbox, sandbox.resolve(".logs"), Optional.empty(), false, Map.of(),
        LoggerConfig.standard(), Duration.ofSeconds(5), Optional.empty());
  }

  public RunnerSettings withRunAs(Optional<UnixUser> user) {
    return new RunnerSettings(sandbox, logDir, user, preserveEnv, extraEnv, defaultLogger, escalationWait, taskFs);
  }

  public RunnerSettings withEscalationWait(Duration wait) {
    return new RunnerSettings(sandbox, logDir, runAs, preserveEnv, extraEnv, defaultLogger, wait, taskFs);
  }

  public RunnerSettings withDefaultLogger(LoggerConfig logger) {
    return new RunnerSettings(sandbox, logDir, runAs, preserveEnv, extraEnv, logger, escalationWait, taskFs);
  }

  public RunnerSettings withExtraEnv(Map<String, String> env) {
    return new RunnerSettings(sandbox, logDir, runAs, preserveEnv, env, defaultLogger, escalationWait, taskFs);
  }

  public RunnerSettings withPreserveEnv(boolean preserve) {
    return new RunnerSettings(sandbox, logDir, runAs, preserve, extraEnv, defaultLogger, escalationWait, taskFs);
  }

  public RunnerSettings withTaskFs(Optional<TaskFilesystem> fs) {
    return new RunnerSettings(sandbox, logDir, runAs, preserveEnv, extraEnv, defaultLogger, escalationWait, fs);
  }

  /** How a process's shell command starts: in its own session, as its user, in the image when there is one. */
  public List<String> command(String shellCommand) {
    return Setsid.command(runAs, shellCommand, taskFs, sandbox);
  }

  /** Where a host path in the sandbox is as the processes see it. */
  public String visiblePath(Path hostPath) {
    return taskFs.map(fs -> fs.inside(hostPath)).orElse(hostPath.toString());
  }
}
