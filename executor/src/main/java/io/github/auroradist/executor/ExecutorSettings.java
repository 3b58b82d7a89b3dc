package io.github.auroradist.executor;

import io.github.auroradist.common.thermos.config.LoggerConfig;
import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.time.Duration;
import java.util.Optional;

/**
 * The executor's flags.
 *
 * @param announcerEnsemble ZooKeeper servers to announce in ({@code --announcer-ensemble}); empty: no announcing
 * @param announcerServersetPath the serverset root ({@code --announcer-serverset-path}, default /aurora)
 * @param announcerHostname the host name announced instead of the agent's ({@code --announcer-hostname})
 * @param setuid run processes as the role's user when the executor is root (off with {@code --nosetuid})
 * @param preserveEnv pass the executor's environment on to processes ({@code --preserve_env})
 * @param stopTimeout how long a kill may take before everything is SIGKILLed ({@code --stop_timeout_in_secs})
 * @param defaultLogger the logger for processes whose config has none ({@code --runner-logger-*})
 * @param escalationWait how long processes get between SIGTERM and SIGKILL when cleaning up
 * @param acknowledgementTimeout how long to wait for the agent to acknowledge the terminal update
 * @param setuidHealthChecks run shell health checks as the task's user too (off with
 *     {@code --nosetuid-health-checks})
 * @param announcerAuth how the announcer authenticates to ZooKeeper and the ACL of its nodes
 *     ({@code --announcer-zookeeper-auth-config})
 */
public record ExecutorSettings(
    Optional<String> announcerEnsemble,
    String announcerServersetPath,
    Optional<String> announcerHostname,
    boolean setuid,
    boolean preserveEnv,
    Duration stopTimeout,
    LoggerConfig defaultLogger,
    Duration escalationWait,
    Duration acknowledgementTimeout,
    boolean setuidHealthChecks,
    ZooKeeperAuth announcerAuth) {

  public ExecutorSettings(Optional<String> announcerEnsemble, String announcerServersetPath,
      Optional<String> announcerHostname, boolean setuid, boolean preserveEnv, Duration stopTimeout,
      LoggerConfig defaultLogger, Duration escalationWait, Duration acknowledgementTimeout) {
    this(announcerEnsemble, announcerServersetPath, announcerHostname, setuid, preserveEnv, stopTimeout,
        defaultLogger, escalationWait, acknowledgementTimeout, true, ZooKeeperAuth.NONE);
  }

  public static ExecutorSettings defaults() {
    return new ExecutorSettings(Optional.empty(), "/aurora", Optional.empty(), true, false,
        Duration.ofSeconds(120), LoggerConfig.standard(), Duration.ofSeconds(5), Duration.ofMinutes(2), true,
        ZooKeeperAuth.NONE);
  }

  public ExecutorSettings withAnnouncer(String ensemble, String path) {
    return new ExecutorSettings(Optional.of(ensemble), path, announcerHostname, setuid, preserveEnv,
        stopTimeout, defaultLogger, escalationWait, acknowledgementTimeout, setuidHealthChecks,
        announcerAuth);
  }

  public ExecutorSettings withAnnouncerAuth(ZooKeeperAuth value) {
    return new ExecutorSettings(announcerEnsemble, announcerServersetPath, announcerHostname, setuid, preserveEnv,
        stopTimeout, defaultLogger, escalationWait, acknowledgementTimeout, setuidHealthChecks, value);
  }

  public ExecutorSettings withSetuid(boolean value) {
    return new ExecutorSettings(announcerEnsemble, announcerServersetPath, announcerHostname, value,
        preserveEnv, stopTimeout, defaultLogger, escalationWait, acknowledgementTimeout, setuidHealthChecks,
        announcerAuth);
  }

  public ExecutorSettings withStopTimeout(Duration value) {
    return new ExecutorSettings(announcerEnsemble, announcerServersetPath, announcerHostname, setuid,
        preserveEnv, value, defaultLogger, escalationWait, acknowledgementTimeout, setuidHealthChecks,
        announcerAuth);
  }

  public ExecutorSettings withEscalationWait(Duration value) {
    return new ExecutorSettings(announcerEnsemble, announcerServersetPath, announcerHostname, setuid,
        preserveEnv, stopTimeout, defaultLogger, value, acknowledgementTimeout, setuidHealthChecks,
        announcerAuth);
  }
}
