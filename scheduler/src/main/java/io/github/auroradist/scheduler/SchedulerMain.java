package io.github.auroradist.scheduler;

import io.github.auroradist.scheduler.storage.UninitializedLogException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
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
    CountDownLatch stopped = new CountDownLatch(1);
    Scheduler scheduler;
    try {
      scheduler = Scheduler.start(SchedulerSettings.from(flags), cause -> {
        LOG.error("Stopping: {}", cause.toString());
        // A scheduler that cannot write its log must not keep serving.
        Runtime.getRuntime().halt(2);
      });
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
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      scheduler.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
