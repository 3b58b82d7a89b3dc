package io.github.auroradist.scheduler;

import io.github.auroradist.scheduler.storage.UninitializedLogException;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code aurora-scheduler}: parses the flags, starts the {@link Scheduler} and runs until stopped. */
public final class SchedulerMain {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerMain.class);

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
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      // Aurora's users write flags with one dash; name them that way.
      err.println("aurora-scheduler: " + String.valueOf(e.getMessage()).replace("'--", "'-"));
      err.println("Run 'aurora-scheduler -help' to list every flag.");
      exitCode[0] = 1;
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
          + peers + " log peer(s): a quorum is a majority, " + majority + " (list every scheduler in -native_log_peers)");
    }
    SchedulerSettings.self(f);
    if (f.tierConfig != null) {
      io.github.auroradist.scheduler.api.Tiers.read(f.tierConfig);
    }
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int[] exitCode = {0};
    SchedulerFlags flags = parse(args, out, err, exitCode);
    if (flags == null) {
      System.exit(exitCode[0]);
      return;
    }
    SchedulerSettings settings = SchedulerSettings.from(flags);
    Supervisor supervisor = new Supervisor(settings);
    try {
      supervisor.startFirst();
    } catch (UninitializedLogException e) {
      err.println("aurora-scheduler: " + e.getMessage());
      System.exit(1);
      return;
    } catch (Exception e) {
      LOG.error("The scheduler failed to start", e);
      err.println("aurora-scheduler: failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(supervisor::shutdown, "shutdown"));
    supervisor.run();
  }

  /**
   * Keeps one {@link Scheduler} running in this process. One that lost leadership has closed itself; a fresh one
   * takes its place as a follower, so the process goes on serving reads (marked stale) and refusing writes clearly
   * until a quorum elects a leader again. Any other fatal failure stops the process at once.
   */
  private static final class Supervisor {
    private final SchedulerSettings settings;
    private final BlockingQueue<Throwable> stops = new LinkedBlockingQueue<>();
    private Scheduler current;
    private boolean shuttingDown;

    Supervisor(SchedulerSettings settings) {
      this.settings = settings;
    }

    synchronized void startFirst() throws Exception {
      current = Scheduler.start(settings, this::stopped);
    }

    private void stopped(Throwable cause) {
      if (cause instanceof Scheduler.LeadershipLostException) {
        stops.add(cause);
      } else {
        LOG.error("Stopping: {}", cause.toString());
        // A scheduler that cannot write its log must not keep serving.
        Runtime.getRuntime().halt(2);
      }
    }

    void run() {
      while (true) {
        try {
          stops.take();
        } catch (InterruptedException e) {
          return;
        }
        rejoin();
      }
    }

    private void rejoin() {
      for (int attempt = 1; attempt <= 30; attempt++) {
        synchronized (this) {
          if (shuttingDown) {
            return;
          }
          current.close();
          try {
            current = Scheduler.start(settings, this::stopped);
            LOG.info("Rejoined the cluster as a follower");
            return;
          } catch (Exception e) {
            LOG.warn("Rejoining as a follower failed (attempt {}): {}", attempt, e.toString());
          }
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
      LOG.error("Could not rejoin the cluster as a follower; stopping");
      Runtime.getRuntime().halt(2);
    }

    synchronized void shutdown() {
      shuttingDown = true;
      current.close();
    }
  }
}
