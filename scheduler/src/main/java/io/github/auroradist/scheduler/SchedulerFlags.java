package io.github.auroradist.scheduler;

import io.github.auroradist.common.units.DataAmount;
import io.github.auroradist.common.units.TimeAmount;
import io.github.auroradist.scheduler.security.HttpAuthenticationMechanism;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The scheduler's command line, with Aurora's flag names: {@code -name=value} (also {@code --name=value}
 * and {@code -name value}). Time values are written like {@code 5mins}, sizes like {@code 128MB}.
 */
@Command(name = "aurora-scheduler", sortOptions = false, usageHelpAutoWidth = true,
    description = "The Aurora scheduler: a Mesos framework for long-running services, ad-hoc and cron jobs.",
    footer = {"", "Before the first start, prepare the log directory with:",
        "  aurora-scheduler-log initialize --path=<-native_log_file_path>"})
public final class SchedulerFlags {
  // Picocli needs mutable fields; SchedulerMain reads them once after parsing.

  @Option(names = {"-help", "--help"}, usageHelp = true, description = "Show every flag and exit.")
  boolean help;

  @Option(names = {"-cluster_name", "--cluster_name"}, required = true, paramLabel = "NAME",
      description = "Name of the cluster this scheduler runs (as in clusters.json).")
  public String clusterName;

  @Option(names = {"-http_port", "--http_port"}, defaultValue = "8081", paramLabel = "PORT",
      description = "Port of the HTTP API and web UI (default ${DEFAULT-VALUE}; 0 picks a free port).")
  public int httpPort;

  @Option(names = {"-ip", "--ip"}, defaultValue = "0.0.0.0", paramLabel = "IP",
      description = "Address the HTTP server binds to (default ${DEFAULT-VALUE}).")
  public String ip;

  @Option(names = {"-hostname", "--hostname"}, paramLabel = "HOST",
      description = "Host name this scheduler advertises (default: the machine's host name).")
  public String hostname;

  @Option(names = {"-mesos_master_address", "--mesos_master_address"}, required = true, paramLabel = "ADDR",
      description = "The Mesos master: host:port, http://host:port or zk://host:port[,host:port]/mesos.")
  public String mesosMasterAddress;

  @Option(names = {"-executor_user", "--executor_user"}, defaultValue = "root", paramLabel = "USER",
      description = "User the agents start executors as (the framework's user, default ${DEFAULT-VALUE}); the"
          + " Thermos executor needs root to run each task as its role's user.")
  public String executorUser;

  @Option(names = {"-mesos_role", "--mesos_role"}, defaultValue = "*", paramLabel = "ROLE",
      description = "Mesos role the framework registers with (default ${DEFAULT-VALUE}).")
  public String mesosRole;

  @Option(names = {"-zk_endpoints", "--zk_endpoints"}, paramLabel = "HOST:PORT,...",
      description = "ZooKeeper ensemble where the leader announces itself (no announcement when unset).")
  public String zkEndpoints;

  @Option(names = {"-serverset_path", "--serverset_path"}, defaultValue = "/aurora/scheduler", paramLabel = "PATH",
      description = "ZooKeeper path of the scheduler serverset (default ${DEFAULT-VALUE}).")
  public String serversetPath;

  @Option(names = {"-zk_session_timeout", "--zk_session_timeout"}, defaultValue = "15secs", paramLabel = "TIME",
      converter = TimeConverter.class, description = "ZooKeeper session timeout (default ${DEFAULT-VALUE}).")
  public TimeAmount zkSessionTimeout;

  @Option(names = {"-zk_digest_credentials", "--zk_digest_credentials"}, paramLabel = "USER:PASSWORD",
      description = "user:password to use when authenticating with ZooKeeper (digest scheme).")
  public String zkDigestCredentials;

  @Option(names = {"-zk_use_acl", "--zk_use_acl"}, defaultValue = "false", arity = "0..1", paramLabel = "BOOL",
      description = "Whether every ZooKeeper node this scheduler creates carries an ACL: readable by everyone,"
          + " changeable only by the -zk_digest_credentials identity (default ${DEFAULT-VALUE}).")
  public boolean zkUseAcl;

  @Option(names = {"-native_log_file_path", "--native_log_file_path"}, required = true, paramLabel = "DIR",
      description = "Directory of the replicated log (initialize it first with aurora-scheduler-log).")
  public Path nativeLogFilePath;

  @Option(names = {"-native_log_quorum_size", "--native_log_quorum_size"}, defaultValue = "1", paramLabel = "N",
      description = "Schedulers that must hold a write (default ${DEFAULT-VALUE}); must be a majority of"
          + " -native_log_peers.")
  public int nativeLogQuorumSize;

  @Option(names = {"-native_log_port", "--native_log_port"}, defaultValue = "8083", paramLabel = "PORT",
      description = "Port this scheduler's log peer listens on (default ${DEFAULT-VALUE}).")
  public int nativeLogPort;

  @Option(names = {"-native_log_peers", "--native_log_peers"}, paramLabel = "HOST:PORT,...",
      description = "Every scheduler of the cluster as host:port of its log peer (default: this scheduler"
          + " alone, -hostname:-native_log_port).")
  public String nativeLogPeers;

  @Option(names = {"-native_log_tls_cert_path", "--native_log_tls_cert_path"}, paramLabel = "FILE",
      description = "PEM certificate (chain) of this scheduler's log peer; with -native_log_tls_key_path and"
          + " -native_log_tls_ca_path the log peers talk TLS and accept only each other (default: no TLS).")
  public Path nativeLogTlsCertPath;

  @Option(names = {"-native_log_tls_key_path", "--native_log_tls_key_path"}, paramLabel = "FILE",
      description = "PEM (PKCS#8) private key of -native_log_tls_cert_path.")
  public Path nativeLogTlsKeyPath;

  @Option(names = {"-native_log_tls_ca_path", "--native_log_tls_ca_path"}, paramLabel = "FILE",
      description = "PEM certificate(s) of the authority that signed every log peer's certificate.")
  public Path nativeLogTlsCaPath;

  @Option(names = {"-dlog_snapshot_interval", "--dlog_snapshot_interval"}, defaultValue = "1hrs",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "How often the log is snapshotted and compacted (default ${DEFAULT-VALUE}).")
  public TimeAmount dlogSnapshotInterval;

  @Option(names = {"-backup_dir", "--backup_dir"}, paramLabel = "DIR",
      description = "Directory for periodic backups of the whole state (no backups when unset).")
  public Path backupDir;

  @Option(names = {"-backup_interval", "--backup_interval"}, defaultValue = "1hrs", paramLabel = "TIME",
      converter = TimeConverter.class, description = "How often a backup is written (default ${DEFAULT-VALUE}).")
  public TimeAmount backupInterval;

  @Option(names = {"-max_saved_backups", "--max_saved_backups"}, defaultValue = "48", paramLabel = "N",
      description = "Backups kept in -backup_dir; older ones are deleted (default ${DEFAULT-VALUE}).")
  public int maxSavedBackups;

  @Option(names = {"-framework_name", "--framework_name"}, defaultValue = "Aurora", paramLabel = "NAME",
      description = "Framework name shown by Mesos (default ${DEFAULT-VALUE}).")
  public String frameworkName;

  @Option(names = {"-framework_failover_timeout", "--framework_failover_timeout"}, defaultValue = "21days",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "How long Mesos keeps the framework's tasks while no scheduler is connected"
          + " (default ${DEFAULT-VALUE}).")
  public TimeAmount frameworkFailoverTimeout;

  @Option(names = {"-max_registration_delay", "--max_registration_delay"}, defaultValue = "1mins",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "A leader that has not (re-)registered with Mesos for this long stops, so that another scheduler"
          + " takes over (default ${DEFAULT-VALUE}).")
  public TimeAmount maxRegistrationDelay;

  @Option(names = {"-thermos_executor_path", "--thermos_executor_path"}, required = true, paramLabel = "PATH",
      description = "Path of the Thermos executor on the agents.")
  public String thermosExecutorPath;

  @Option(names = {"-thermos_executor_resources", "--thermos_executor_resources"}, paramLabel = "URI,...",
      description = "Extra files the agent fetches into the sandbox before starting the executor.")
  public String thermosExecutorResources;

  @Option(names = {"-thermos_executor_flags", "--thermos_executor_flags"}, paramLabel = "FLAGS",
      description = "Extra arguments for the executor, e.g. \"--announcer-ensemble 127.0.0.1:2181\".")
  public String thermosExecutorFlags;

  @Option(names = {"-thermos_executor_cpu", "--thermos_executor_cpu"}, defaultValue = "0.25", paramLabel = "CPUS",
      description = "CPU the executor itself uses, added to every task (default ${DEFAULT-VALUE}).")
  public double thermosExecutorCpu;

  @Option(names = {"-thermos_executor_ram", "--thermos_executor_ram"}, defaultValue = "128MB", paramLabel = "SIZE",
      converter = DataConverter.class,
      description = "RAM the executor itself uses, added to every task (default ${DEFAULT-VALUE}).")
  public DataAmount thermosExecutorRam;

  @Option(names = {"-allowed_job_environments", "--allowed_job_environments"},
      defaultValue = "^(prod|devel|test|staging\\d*)$", paramLabel = "REGEX", converter = PatternConverter.class,
      description = "Job environments that are accepted (default ${DEFAULT-VALUE}).")
  public Pattern allowedJobEnvironments;

  @Option(names = {"-tier_config", "--tier_config"}, paramLabel = "FILE",
      description = "tiers.json: the task tiers and the default one (default: preferred, preemptible (default),"
          + " revocable).")
  public Path tierConfig;

  @Option(names = {"-max_tasks_per_job", "--max_tasks_per_job"}, defaultValue = "4000", paramLabel = "N",
      description = "Most instances one job may have (default ${DEFAULT-VALUE}).")
  public int maxTasksPerJob;

  @Option(names = {"-max_status_update_batch_size", "--max_status_update_batch_size"}, defaultValue = "1000",
      paramLabel = "N",
      description = "Most status updates from Mesos recorded in one log transaction (default ${DEFAULT-VALUE}).")
  public int maxStatusUpdateBatchSize;

  @Option(names = {"-flapping_task_threshold", "--flapping_task_threshold"}, defaultValue = "5mins",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "A task that ended less than this after it last became active (ASSIGNED, STARTING, RUNNING)"
          + " flapped: its replacement waits THROTTLED (default ${DEFAULT-VALUE}).")
  public TimeAmount flappingTaskThreshold;

  @Option(names = {"-initial_flapping_task_delay", "--initial_flapping_task_delay"}, defaultValue = "30secs",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "First wait (THROTTLED) before rescheduling a flapping task (default ${DEFAULT-VALUE}).")
  public TimeAmount initialFlappingTaskDelay;

  @Option(names = {"-max_flapping_task_delay", "--max_flapping_task_delay"}, defaultValue = "5mins",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "Longest wait for a flapping task; the wait doubles up to this (default ${DEFAULT-VALUE}).")
  public TimeAmount maxFlappingTaskDelay;

  @Option(names = {"-transient_task_state_timeout", "--transient_task_state_timeout"}, defaultValue = "5mins",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "A task stuck this long in ASSIGNED or a kill state (KILLING, RESTARTING, PREEMPTING,"
          + " DRAINING) becomes LOST; a PARTITIONED task follows its job's partition policy instead"
          + " (default ${DEFAULT-VALUE}).")
  public TimeAmount transientTaskStateTimeout;

  @Option(names = {"-initial_task_kill_retry_interval", "--initial_task_kill_retry_interval"},
      defaultValue = "15secs", paramLabel = "TIME", converter = TimeConverter.class,
      description = "First wait before a kill is sent again; doubles each retry (default ${DEFAULT-VALUE}).")
  public TimeAmount initialTaskKillRetryInterval;

  @Option(names = {"-reconciliation_initial_delay", "--reconciliation_initial_delay"}, defaultValue = "1mins",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "Wait after registering before periodic reconciliation starts (default ${DEFAULT-VALUE}).")
  public TimeAmount reconciliationInitialDelay;

  @Option(names = {"-reconciliation_explicit_interval", "--reconciliation_explicit_interval"},
      defaultValue = "60mins", paramLabel = "TIME", converter = TimeConverter.class,
      description = "How often every known task is reconciled with Mesos (default ${DEFAULT-VALUE}).")
  public TimeAmount reconciliationExplicitInterval;

  @Option(names = {"-reconciliation_implicit_interval", "--reconciliation_implicit_interval"},
      defaultValue = "60mins", paramLabel = "TIME", converter = TimeConverter.class,
      description = "How often Mesos is asked for every task it knows (default ${DEFAULT-VALUE}).")
  public TimeAmount reconciliationImplicitInterval;

  @Option(names = {"-populate_discovery_info", "--populate_discovery_info"}, defaultValue = "false", arity = "0..1",
      paramLabel = "BOOL",
      description = "Whether tasks carry Mesos DiscoveryInfo (name <job>.<env>.<role> and their named ports) for"
          + " Mesos-based service discovery (default ${DEFAULT-VALUE}).")
  public boolean populateDiscoveryInfo;

  @Option(names = {"-allowed_container_types", "--allowed_container_types"}, defaultValue = "MESOS",
      paramLabel = "TYPE,...", description = "Containerizers jobs may ask for: MESOS (the host's file system, or an"
          + " image with Mesos(image=...)) and/or DOCKER (Docker(image=...)) (default ${DEFAULT-VALUE}).")
  public String allowedContainerTypes;

  @Option(names = {"-allow_docker_parameters", "--allow_docker_parameters"}, defaultValue = "false", arity = "0..1",
      paramLabel = "BOOL", description = "Whether a job may give its own docker run parameters; they can undo the"
          + " container's isolation (privileged=true) (default ${DEFAULT-VALUE}).")
  public boolean allowDockerParameters;

  @Option(names = {"-default_docker_parameters", "--default_docker_parameters"}, defaultValue = "",
      paramLabel = "NAME=VALUE,...", description = "docker run parameters for every Docker job that gives none,"
          + " e.g. read-only=true,tmpfs=/tmp (default: none).")
  public String defaultDockerParameters;

  @Option(names = {"-require_docker_use_executor", "--require_docker_use_executor"}, defaultValue = "true",
      arity = "0..1", paramLabel = "BOOL", description = "Docker tasks run the Thermos executor inside the image"
          + " (default ${DEFAULT-VALUE}; false, Aurora's experimental executor-less Docker tasks, is not supported).")
  public boolean requireDockerUseExecutor;

  @Option(names = {"-allow_container_volumes", "--allow_container_volumes"}, defaultValue = "false", arity = "0..1",
      paramLabel = "BOOL", description = "Whether a job may mount host paths into its image (Mesos(volumes=...));"
          + " a job could then reach any file the agent can (default ${DEFAULT-VALUE}).")
  public boolean allowContainerVolumes;

  @Option(names = {"-global_container_mounts", "--global_container_mounts"}, defaultValue = "",
      paramLabel = "HOST:CONTAINER[:ro|rw],...", description = "Host paths mounted into every container (Docker,"
          + " and Mesos with an image), read-only unless :rw (default: none).")
  public String globalContainerMounts;

  @Option(names = {"-enable_preemptor", "--enable_preemptor"}, defaultValue = "true", arity = "0..1",
      paramLabel = "BOOL",
      description = "Whether tasks that waited too long may preempt others (default ${DEFAULT-VALUE}).")
  public boolean enablePreemptor;

  @Option(names = {"-preemption_delay", "--preemption_delay"}, defaultValue = "3mins", paramLabel = "TIME",
      converter = TimeConverter.class,
      description = "How long a task waits PENDING before it may preempt others (default ${DEFAULT-VALUE}).")
  public TimeAmount preemptionDelay;

  @Option(names = {"-preemption_slot_search_interval", "--preemption_slot_search_interval"}, defaultValue = "1mins",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "How often the preemptor looks for room (default ${DEFAULT-VALUE}).")
  public TimeAmount preemptionSlotSearchInterval;

  @Option(names = {"-cron_timezone", "--cron_timezone"}, defaultValue = "GMT", paramLabel = "ZONE",
      converter = ZoneConverter.class, description = "Time zone cron schedules are read in (default ${DEFAULT-VALUE}).")
  public java.time.ZoneId cronTimezone;

  @Option(names = {"-history_prune_threshold", "--history_prune_threshold"}, defaultValue = "2days",
      paramLabel = "TIME", converter = TimeConverter.class,
      description = "Terminal tasks older than this are forgotten (default ${DEFAULT-VALUE}).")
  public TimeAmount historyPruneThreshold;

  @Option(names = {"-history_max_per_job_threshold", "--history_max_per_job_threshold"}, defaultValue = "100",
      paramLabel = "N", description = "Most terminal tasks kept per job (default ${DEFAULT-VALUE}).")
  public int historyMaxPerJobThreshold;

  @Option(names = {"-history_max_per_instance_threshold", "--history_max_per_instance_threshold"},
      defaultValue = "10", paramLabel = "N",
      description = "Most terminal tasks kept per instance of a job, so that one instance in a crash loop cannot"
          + " push the others' history out (default ${DEFAULT-VALUE}).")
  public int historyMaxPerInstanceThreshold;

  @Option(names = {"-job_update_history_per_job_threshold", "--job_update_history_per_job_threshold"},
      defaultValue = "10", paramLabel = "N",
      description = "Most ended job updates kept per job (default ${DEFAULT-VALUE}).")
  public int jobUpdateHistoryPerJobThreshold;

  @Option(names = {"-job_update_history_pruning_interval", "--job_update_history_pruning_interval"},
      defaultValue = "15mins", paramLabel = "TIME", converter = TimeConverter.class,
      description = "How often ended job updates are pruned (default ${DEFAULT-VALUE}).")
  public TimeAmount jobUpdateHistoryPruningInterval;

  @Option(names = {"-job_update_history_pruning_threshold", "--job_update_history_pruning_threshold"},
      defaultValue = "30days", paramLabel = "TIME", converter = TimeConverter.class,
      description = "Job updates that ended longer ago than this are forgotten (default ${DEFAULT-VALUE}).")
  public TimeAmount jobUpdateHistoryPruningThreshold;

  @Option(names = {"-http_authentication_mechanism", "--http_authentication_mechanism"}, defaultValue = "NONE",
      paramLabel = "NONE|BASIC|NEGOTIATE",
      description = "How API writes are authenticated: NONE (anyone may write), BASIC (HTTP Basic against"
          + " -shiro_ini_path; use with HTTPS), NEGOTIATE (Kerberos SPNEGO with -kerberos_server_principal and"
          + " -kerberos_server_keytab, -shiro_realm_modules=KERBEROS5_AUTHN,INI_AUTHNZ) (default ${DEFAULT-VALUE}).")
  public HttpAuthenticationMechanism httpAuthenticationMechanism;

  @Option(names = {"-shiro_realm_modules", "--shiro_realm_modules"}, defaultValue = "INI_AUTHNZ",
      paramLabel = "MODULE,...",
      description = "Where users and permissions come from: INI_AUTHNZ (users, roles and permissions of"
          + " -shiro_ini_path), KERBEROS5_AUTHN (Kerberos principals, authentication only: with NEGOTIATE, list"
          + " both, KERBEROS5_AUTHN,INI_AUTHNZ) (default ${DEFAULT-VALUE}).")
  public String shiroRealmModules;

  @Option(names = {"-kerberos_server_principal", "--kerberos_server_principal"}, paramLabel = "PRINCIPAL",
      description = "The scheduler's Kerberos service principal for NEGOTIATE, usually"
          + " HTTP/<host name clients use>@<REALM>.")
  public String kerberosServerPrincipal;

  @Option(names = {"-kerberos_server_keytab", "--kerberos_server_keytab"}, paramLabel = "FILE",
      description = "Keytab holding the keys of -kerberos_server_principal, readable by the scheduler only.")
  public Path kerberosServerKeytab;

  @Option(names = {"-kerberos_debug", "--kerberos_debug"}, defaultValue = "false", arity = "0..1",
      paramLabel = "BOOL", description = "Print the JDK's Kerberos and GSS-API traces and log each refused"
          + " Negotiate token (default ${DEFAULT-VALUE}).")
  public boolean kerberosDebug;

  @Option(names = {"-shiro_ini_path", "--shiro_ini_path"}, paramLabel = "FILE",
      description = "Aurora security.ini: [users] 'name = password, role, ...' and [roles] 'role = permission, ...'.")
  public Path shiroIniPath;

  @Option(names = {"-denied_roles", "--denied_roles"}, defaultValue = "", paramLabel = "ROLE,...",
      description = "Roles (Unix users) no job may run as (default: none besides root).")
  public String deniedRoles;

  @Option(names = {"-allow_root_role", "--allow_root_role"}, defaultValue = "false", arity = "0..1",
      paramLabel = "BOOL", description = "Whether jobs may run as role root (default ${DEFAULT-VALUE}).")
  public boolean allowRootRole;

  @Option(names = {"-https_port", "--https_port"}, defaultValue = "0", paramLabel = "PORT",
      description = "Port of the HTTPS API and web UI, beside -http_port (default ${DEFAULT-VALUE}: no HTTPS).")
  public int httpsPort;

  @Option(names = {"-https_keystore_path", "--https_keystore_path"}, paramLabel = "FILE",
      description = "PKCS12 keystore with the HTTPS server's key and certificate chain.")
  public Path httpsKeystorePath;

  @Option(names = {"-https_keystore_password_file", "--https_keystore_password_file"}, paramLabel = "FILE",
      description = "File whose first line is the password of -https_keystore_path.")
  public Path httpsKeystorePasswordFile;

  @Option(names = {"-http_redirect_to_https", "--http_redirect_to_https"}, defaultValue = "false", arity = "0..1",
      paramLabel = "BOOL", description = "Whether -http_port answers everything but the health and metrics pages"
          + " with a redirect to -https_port (default ${DEFAULT-VALUE}).")
  public boolean httpRedirectToHttps;

  /** The host name to advertise. */
  public String advertisedHostname() {
    if (hostname != null && !hostname.isBlank()) {
      return hostname;
    }
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** Parses {@code 5mins}-style values. */
  public static final class TimeConverter implements ITypeConverter<TimeAmount> {
    @Override
    public TimeAmount convert(String value) {
      return TimeAmount.parse(value);
    }
  }

  /** Parses {@code 128MB}-style values. */
  public static final class DataConverter implements ITypeConverter<DataAmount> {
    @Override
    public DataAmount convert(String value) {
      return DataAmount.parse(value);
    }
  }

  /** Reads a time zone id such as GMT, UTC or Europe/Berlin. */
  public static final class ZoneConverter implements ITypeConverter<java.time.ZoneId> {
    @Override
    public java.time.ZoneId convert(String value) {
      try {
        return java.time.ZoneId.of(value);
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("'" + value + "' is not a time zone; write an id like GMT, UTC or"
            + " America/New_York");
      }
    }
  }

  /** Compiles a regular expression, naming the error. */
  public static final class PatternConverter implements ITypeConverter<Pattern> {
    @Override
    public Pattern convert(String value) {
      try {
        return Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("'" + value + "' is not a regular expression: " + e.getDescription());
      }
    }
  }
}
