package io.github.auroradist.scheduler;

import io.github.auroradist.common.process.BoundedStop;
import io.github.auroradist.common.process.ProcessHealth;
import io.github.auroradist.scheduler.security.ApiAccess;
import io.github.auroradist.scheduler.security.HttpsSettings;
import io.github.auroradist.scheduler.security.SecurityConfigException;
import io.github.auroradist.scheduler.storage.DamagedLogException;
import io.github.auroradist.scheduler.storage.PeerSetMismatchException;
import io.github.auroradist.scheduler.storage.UninitializedLogException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code aurora-scheduler}: parses the flags, starts the {@link Scheduler} and runs until stopped. */
public final class SchedulerMain {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerMain.class);
  /** sysexits.h's EX_CONFIG: the log or its peer list needs an operator. */
  static final int EX_CONFIG = 78;

  private SchedulerMain() {
  }

  /** Parses flags. Returns null after printing help or an error (with {@code exitCode[0]} set). */
  public static SchedulerFlags parse(String[] args, PrintWriter out, PrintWriter err, int[] exitCode) {
    SchedulerFlags flags = new SchedulerFlags();
    CommandLine cmd = new CommandLine(flags);
    cmd.setOut(out);
    cmd.setErr(err);
    try {
      CommandLine.ParseResult result = cmd.parseArgs(args);
      if (result.isUsageHelpRequested()) {
        cmd.usage(out);
        exitCode[0] = 0;
        return null;
      }
      if (!result.unmatched().isEmpty()) {
        throw new CommandLine.UnmatchedArgumentException(cmd, result.unmatched());
      }
      validate(flags);
      return flags;
    } catch (SecurityConfigException e) {
      // EX_CONFIG, as for an uninitialized log: the operator must fix the security settings or their files.
      err.println("aurora-scheduler: " + e.getMessage());
      exitCode[0] = EX_CONFIG;
      return null;
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      // Aurora's users write flags with one dash; name them that way.
      err.println("aurora-scheduler: " + String.valueOf(e.getMessage()).replace("'--", "'-"));
      err.println("Run 'aurora-scheduler -help' to list every flag.");
      // A security setting given in part must not be retried by the service manager: the operator must act.
      exitCode[0] = e instanceof IncompleteSecurityException ? EX_CONFIG : 1;
      return null;
    }
  }

  private static void validate(SchedulerFlags f) {
    if (f.httpPort < 0 || f.httpPort > 65535) {
      throw new IllegalArgumentException("-http_port=" + f.httpPort + " is out of range 0-65535");
    }
    if (f.nativeLogPort < 1 || f.nativeLogPort > 65535) {
      throw new IllegalArgumentException("-native_log_port=" + f.nativeLogPort + " is out of range 1-65535");
    }
    if (f.thermosExecutorCpu < 0) {
      throw new IllegalArgumentException("-thermos_executor_cpu cannot be negative");
    }
    if (f.maxSavedBackups < 1) {
      throw new IllegalArgumentException("-max_saved_backups must be at least 1");
    }
    if (f.maxTasksPerJob < 1) {
      throw new IllegalArgumentException("-max_tasks_per_job must be at least 1");
    }
    if (f.maxStatusUpdateBatchSize < 1) {
      throw new IllegalArgumentException("-max_status_update_batch_size=" + f.maxStatusUpdateBatchSize
          + " must be at least 1");
    }
    if (f.executorUser.isBlank()) {
      throw new IllegalArgumentException("-executor_user is empty; give the user agents start executors as (root)");
    }
    if (f.clusterName.isBlank()) {
      throw new IllegalArgumentException("-cluster_name is empty; give the cluster's name from clusters.json");
    }
    int peers = SchedulerSettings.peers(f).size();
    int majority = peers / 2 + 1;
    if (f.nativeLogQuorumSize != majority) {
      throw new IllegalArgumentException("-native_log_quorum_size=" + f.nativeLogQuorumSize + " does not match "
          + peers + " log peer(s): a quorum is a majority, " + majority
          + " (list every scheduler in -native_log_peers)");
    }
    SchedulerSettings.self(f);
    SchedulerSettings.containers(f);
    try {
      SchedulerSettings.zkAuth(f);
      SchedulerSettings.logTls(f);
    } catch (IllegalArgumentException e) {
      throw new IncompleteSecurityException(e.getMessage());
    }
    if (f.tierConfig != null) {
      io.github.auroradist.scheduler.api.Tiers.read(f.tierConfig);
    }
    if (f.httpsPort > 0 && f.httpsPort == f.httpPort) {
      throw new IllegalArgumentException("-https_port=" + f.httpsPort + " is also -http_port; give each its own port");
    }
    // Reads the security.ini and the keystore now, so that a mistake in them stops the start with its reason.
    ApiAccess.of(SchedulerSettings.security(f));
    HttpsSettings.of(f.httpsPort, f.httpsKeystorePath, f.httpsKeystorePasswordFile, f.httpRedirectToHttps);
  }

  /** A security setting given in part (a file without its companions, an ACL without credentials): exit 78. */
  static final class IncompleteSecurityException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    IncompleteSecurityException(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    // UTF-8 whatever the locale: what is printed names paths and flags as the user wrote them.
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int[] exitCode = {0};
    SchedulerFlags flags = parse(args, out, err, exitCode);
    if (flags == null) {
      System.exit(exitCode[0]);
      return;
    }
    SchedulerSettings settings = SchedulerSettings.from(flags);
    // An Error in any thread, or the death of a part the scheduler cannot run without, ends the process.
    ProcessHealth health = ProcessHealth.ofThisProcess();
    health.installAsDefaultHandler();
    Supervisor supervisor = new Supervisor(settings, health);
    try {
      supervisor.startFirst();
    } catch (UninitializedLogException | PeerSetMismatchException | DamagedLogException e) {
      // EX_CONFIG: the service manager does not restart it (RestartPreventExitStatus=78); the operator must act.
      err.println("aurora-scheduler: " + e.getMessage());
      System.exit(EX_CONFIG);
      return;
    } catch (Exception e) {
      LOG.error("The scheduler failed to start", e);
      err.println("aurora-scheduler: failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    BoundedStop.install("aurora-scheduler", BoundedStop.DEFAULT_BOUND, supervisor::shutdown);
    supervisor.run();
  }

  /**
   * Keeps one {@link Scheduler} running in this process. A scheduler that lost leadership, or could not write its
   * log (no quorum), has closed itself or is closed here; a fresh one takes its place, loads the log again and
   * follows, so the process goes on serving reads (marked stale) and refusing writes clearly until a quorum elects
   * a leader. Failing again and again means something else is wrong: the process then stops for its supervisor.
   */
  private static final class Supervisor {
    private static final int MAX_RESTARTS = 10;
    private static final Duration RESTART_WINDOW = Duration.ofMinutes(10);

    private final SchedulerSettings settings;
    private final ProcessHealth health;
    /** Why scheduler number {@code generation} stopped. */
    private record Stop(int generation, Throwable cause) {
    }

    private final BlockingQueue<Stop> stops = new LinkedBlockingQueue<>();
    private int generation;
    private final Deque<Instant> restarts = new ArrayDeque<>();
    private Scheduler current;
    private boolean shuttingDown;

    Supervisor(SchedulerSettings settings, ProcessHealth health) {
      this.settings = settings;
      this.health = health;
    }

    synchronized void startFirst() throws Exception {
      current = startNext();
    }

    private Scheduler startNext() throws Exception {
      int number = ++generation;
      return Scheduler.start(settings, health, cause -> stops.add(new Stop(number, cause)));
    }

    void run() {
      while (true) {
        Throwable cause;
        try {
          Stop stop = stops.take();
          synchronized (this) {
            if (stop.generation() != generation) {
              continue;  // reported by a scheduler that was already replaced
            }
          }
          cause = stop.cause();
        } catch (InterruptedException e) {
          return;
        }
        if (cause instanceof Scheduler.LeadershipLostException) {
          LOG.warn("This scheduler stopped leading; rejoining the cluster as a follower");
        } else {
          LOG.error("The scheduler failed: {}; starting it again from its log", cause.toString());
        }
        restart();
      }
    }

    private void restart() {
      Instant now = Instant.now();
      restarts.addLast(now);
      while (restarts.getFirst().isBefore(now.minus(RESTART_WINDOW))) {
        restarts.removeFirst();
      }
      if (restarts.size() > MAX_RESTARTS) {
        LOG.error("Restarted {} times within {}; stopping so that the service manager takes over", MAX_RESTARTS,
            RESTART_WINDOW);
        Runtime.getRuntime().halt(2);
      }
      for (int attempt = 1; ; attempt++) {
        synchronized (this) {
          if (shuttingDown) {
            return;
          }
          current.close();
          try {
            current = startNext();
            return;
          } catch (Exception e) {
            LOG.warn("Starting the scheduler again failed (attempt {}): {}", attempt, e.toString());
            if (heldByThisProcess(e)) {
              // The log server this process ran before could not close (its disk full, say) and keeps the lock of
              // the log directory; only a new process is rid of it.
              LOG.error("The log directory is still locked by this process's previous log server, which could not"
                  + " close; stopping so that the service manager starts a fresh process");
              Runtime.getRuntime().halt(2);
            }
            if (attempt >= 30) {
              LOG.error("Could not start the scheduler again; stopping");
              Runtime.getRuntime().halt(2);
            }
          }
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private static boolean heldByThisProcess(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof OverlappingFileLockException) {
          return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
          if (heldByThisProcess(suppressed)) {
            return true;
          }
        }
      }
      return false;
    }

    synchronized void shutdown() {
      shuttingDown = true;
      current.handOverLeadership();
      current.close();
    }
  }
}
