package io.github.auroradist.scheduler;

import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import io.github.auroradist.scheduler.containers.ContainerSettings;
import io.github.auroradist.scheduler.state.RescheduleCalculator;
import io.github.auroradist.scheduler.storage.LogPeer;
import io.github.auroradist.scheduler.storage.LogTls;
import io.github.auroradist.scheduler.updates.UpdateHistoryPruner;
import io.github.auroradist.scheduler.security.HttpsSettings;
import io.github.auroradist.scheduler.security.SecurityConfigException;
import io.github.auroradist.scheduler.security.SecuritySettings;
import io.github.auroradist.scheduler.security.ShiroRealmModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Everything the scheduler is configured with, resolved from the flags. */
public record SchedulerSettings(
    String clusterName,
    String hostname,
    String ip,
    int httpPort,
    String mesosMasterAddress,
    String mesosRole,
    String executorUser,
    String frameworkName,
    Duration frameworkFailoverTimeout,
    Duration maxRegistrationDelay,
    String zkEndpoints,
    String serversetPath,
    Duration zkSessionTimeout,
    Path logPath,
    List<LogPeer> logPeers,
    LogPeer logSelf,
    Duration snapshotInterval,
    Path backupDir,
    Duration backupInterval,
    int maxSavedBackups,
    ExecutorSettings executor,
    Pattern allowedJobEnvironments,
    io.github.auroradist.scheduler.api.Tiers tiers,
    int maxTasksPerJob,
    RescheduleCalculator.Settings flapping,
    Duration transientTaskStateTimeout,
    Duration initialTaskKillRetryInterval,
    Duration reconciliationInitialDelay,
    Duration reconciliationExplicitInterval,
    Duration reconciliationImplicitInterval,
    int maxStatusUpdateBatchSize,
    java.time.ZoneId cronTimezone,
    boolean enablePreemptor,
    Duration preemptionDelay,
    Duration preemptionSearchInterval,
    io.github.auroradist.scheduler.state.TaskHistoryPruner.Settings history,
    UpdateHistoryPruner.Settings updateHistory,
    boolean populateDiscoveryInfo,
    ContainerSettings containers,
    ZooKeeperAuth zkAuth,
    Optional<LogTls> logTls,
    SecuritySettings security,
    HttpsSettings https) {

  /** How tasks' executor is started, and what it costs on top of each task. */
  public record ExecutorSettings(String path, List<String> resources, String flags, double cpu, double ramMb) {
  }

  public static SchedulerSettings from(SchedulerFlags f) {
    List<String> resources = commaList(f.thermosExecutorResources);
    return new SchedulerSettings(f.clusterName, f.advertisedHostname(), f.ip, f.httpPort, f.mesosMasterAddress,
        f.mesosRole, f.executorUser, f.frameworkName, f.frameworkFailoverTimeout.toDuration(),
        f.maxRegistrationDelay.toDuration(), f.zkEndpoints, f.serversetPath, f.zkSessionTimeout.toDuration(),
        f.nativeLogFilePath, peers(f), self(f), f.dlogSnapshotInterval.toDuration(),
        f.backupDir, f.backupInterval.toDuration(), f.maxSavedBackups,
        new ExecutorSettings(f.thermosExecutorPath, resources, f.thermosExecutorFlags, f.thermosExecutorCpu,
            f.thermosExecutorRam.megabytes()),
        f.allowedJobEnvironments,
        f.tierConfig == null ? io.github.auroradist.scheduler.api.Tiers.AURORA_DEFAULT
            : io.github.auroradist.scheduler.api.Tiers.read(f.tierConfig),
        f.maxTasksPerJob,
        new RescheduleCalculator.Settings(f.flappingTaskThreshold.toDuration(), f.initialFlappingTaskDelay.toDuration(),
            f.maxFlappingTaskDelay.toDuration()),
        f.transientTaskStateTimeout.toDuration(), f.initialTaskKillRetryInterval.toDuration(),
        f.reconciliationInitialDelay.toDuration(), f.reconciliationExplicitInterval.toDuration(),
        f.reconciliationImplicitInterval.toDuration(), f.maxStatusUpdateBatchSize, f.cronTimezone,
        f.enablePreemptor, f.preemptionDelay.toDuration(), f.preemptionSlotSearchInterval.toDuration(),
        new io.github.auroradist.scheduler.state.TaskHistoryPruner.Settings(f.historyPruneThreshold.toDuration(),
            f.historyMaxPerInstanceThreshold, f.historyMaxPerJobThreshold),
        new UpdateHistoryPruner.Settings(f.jobUpdateHistoryPerJobThreshold,
            f.jobUpdateHistoryPruningInterval.toDuration(), f.jobUpdateHistoryPruningThreshold.toDuration()),
        f.populateDiscoveryInfo, containers(f), zkAuth(f), logTls(f), security(f),
        HttpsSettings.of(f.httpsPort, f.httpsKeystorePath, f.httpsKeystorePasswordFile, f.httpRedirectToHttps));
  }

  /** The container flags (-allowed_container_types and the rest). */
  static ContainerSettings containers(SchedulerFlags f) {
    return ContainerSettings.parse(commaList(f.allowedContainerTypes), f.allowDockerParameters,
        commaList(f.defaultDockerParameters), f.requireDockerUseExecutor, f.allowContainerVolumes,
        commaList(f.globalContainerMounts));
  }

  /** -zk_digest_credentials and -zk_use_acl; an ACL needs the identity it gives the nodes to. */
  static ZooKeeperAuth zkAuth(SchedulerFlags f) {
    if (f.zkDigestCredentials == null || f.zkDigestCredentials.isEmpty()) {
      if (f.zkUseAcl) {
        throw new IllegalArgumentException("-zk_use_acl needs -zk_digest_credentials=user:password: the nodes'"
            + " ACL gives all rights to that identity only");
      }
      return ZooKeeperAuth.NONE;
    }
    return ZooKeeperAuth.digest(f.zkDigestCredentials, f.zkUseAcl, "-zk_digest_credentials");
  }

  /** -native_log_tls_cert_path, -native_log_tls_key_path and -native_log_tls_ca_path: all three or none. */
  static Optional<LogTls> logTls(SchedulerFlags f) {
    return LogTls.of(f.nativeLogTlsCertPath, f.nativeLogTlsKeyPath, f.nativeLogTlsCaPath);
  }

  /** The security flags; a module name that is not Aurora's is refused naming the flag. */
  static SecuritySettings security(SchedulerFlags f) {
    Set<ShiroRealmModule> modules = EnumSet.noneOf(ShiroRealmModule.class);
    for (String name : commaList(f.shiroRealmModules)) {
      try {
        modules.add(ShiroRealmModule.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new SecurityConfigException("-shiro_realm_modules: '" + name + "' is not a realm module; use"
            + " INI_AUTHNZ, or KERBEROS5_AUTHN,INI_AUTHNZ with -http_authentication_mechanism=NEGOTIATE");
      }
    }
    if (modules.isEmpty()) {
      throw new SecurityConfigException("-shiro_realm_modules is empty; use INI_AUTHNZ");
    }
    Set<String> denied = new TreeSet<>(commaList(f.deniedRoles));
    return new SecuritySettings(f.httpAuthenticationMechanism, modules, f.shiroIniPath, f.kerberosServerPrincipal,
        f.kerberosServerKeytab, f.kerberosDebug, denied, f.allowRootRole);
  }

  /** A flag's comma-separated values, trimmed, without empty ones; none for an unset flag. */
  static List<String> commaList(String value) {
    return value == null ? List.of()
        : List.of(value.split(",", -1)).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The log group: -native_log_peers, or this scheduler alone on 127.0.0.1. */
  static List<LogPeer> peers(SchedulerFlags f) {
    if (f.nativeLogPeers == null || f.nativeLogPeers.isBlank()) {
      return List.of(new LogPeer("127.0.0.1", f.nativeLogPort));
    }
    return LogPeer.parseList(f.nativeLogPeers);
  }

  /** This scheduler's entry of the peer list: the one with -native_log_port on -hostname or -ip. */
  static LogPeer self(SchedulerFlags f) {
    List<LogPeer> peers = peers(f);
    if (peers.size() == 1 && (f.nativeLogPeers == null || f.nativeLogPeers.isBlank())) {
      return peers.get(0);
    }
    String host = f.advertisedHostname();
    for (LogPeer p : peers) {
      if (p.port() == f.nativeLogPort && (p.host().equals(host) || p.host().equals(f.ip))) {
        return p;
      }
    }
    throw new IllegalArgumentException("none of -native_log_peers=" + f.nativeLogPeers + " is this scheduler ("
        + host + ":" + f.nativeLogPort + "); list this scheduler's -hostname with its -native_log_port");
  }
}
