package io.github.auroradist.scheduler.storage;

import io.github.auroradist.common.model.ModelJson;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aurora-scheduler-log}: prepares and inspects a scheduler's log directory. */
@Command(name = "aurora-scheduler-log", mixinStandardHelpOptions = true, version = "aurora-scheduler-log 0.1.0",
    description = "Prepares and inspects the replicated log directory of an Aurora scheduler"
        + " (the directory given to the scheduler as -native_log_file_path).",
    subcommands = {SchedulerLogTool.Initialize.class, SchedulerLogTool.Info.class, CommandLine.HelpCommand.class})
public final class SchedulerLogTool implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  @Command(name = "initialize", mixinStandardHelpOptions = true,
      description = {"Marks DIR as the log directory of a new cluster so a scheduler may start on it.",
          "Run it once per scheduler before its first start. Every scheduler of one cluster must use the same"
              + " --cluster-id (take the one the first run printed). Refuses a directory that is already"
              + " initialized or already holds log data."})
  static final class Initialize implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--path", required = true, paramLabel = "DIR", description = "The log directory.")
    Path path;

    @Option(names = "--cluster-id", paramLabel = "UUID",
        description = "The id shared by all schedulers of the cluster (default: a new random id).")
    String clusterId;

    @Option(names = "--from-backup", paramLabel = "FILE",
        description = "Start the new log with the state in this backup (a file from -backup_dir).")
    Path fromBackup;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      UUID id;
      try {
        id = clusterId == null ? UUID.randomUUID() : UUID.fromString(clusterId);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--cluster-id '" + clusterId + "' is not a UUID; copy the id printed by the first 'initialize'");
      }
      LogDirectory dir = new LogDirectory(path);
      LogDirectory.Marker marker = dir.initialize(id, fromBackup);
      out.println("Initialized scheduler log " + dir.path() + " for cluster " + marker.clusterId());
      if (fromBackup != null) {
        out.println("The scheduler loads " + fromBackup + " into the log when it first starts on it");
      }
      out.println("Initialize the other schedulers of this cluster with --cluster-id=" + marker.clusterId());
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = {"Shows whether DIR is initialized, its cluster id and what it holds, and verifies the"
          + " checksum of every log segment entry and snapshot.",
          "Exits 1 when DIR is not initialized or its log is damaged, naming each damaged file and place."})
  static final class Info implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--path", required = true, paramLabel = "DIR", description = "The log directory.")
    Path path;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      LogDirectory dir = new LogDirectory(path);
      out.println("path: " + dir.path());
      if (!dir.isInitialized()) {
        out.println("initialized: no (run: " + dir.initializeCommand() + ")");
        return 1;
      }
      LogDirectory.Marker marker = dir.requireInitialized();
      out.println("initialized: yes (" + marker.initializedAt() + ")");
      out.println("cluster id: " + marker.clusterId());
      long bytes = 0;
      String latestSnapshot = "none";
      if (Files.isDirectory(dir.raftDir())) {
        try (Stream<Path> files = Files.walk(dir.raftDir())) {
          for (Path p : (Iterable<Path>) files::iterator) {
            if (Files.isRegularFile(p)) {
              bytes += Files.size(p);
              String name = p.getFileName().toString();
              if (name.startsWith("snapshot.") && !name.endsWith(".md5") && name.compareTo(latestSnapshot) > 0) {
                latestSnapshot = name;
              }
            }
          }
        }
      }
      out.println("log data: " + bytes + " bytes");
      out.println("latest snapshot: " + latestSnapshot);
      LogCheck.Result check = LogCheck.check(dir);
      if (!latestSnapshot.equals("none") && check.sound()) {
        try (Stream<Path> files = Files.walk(dir.raftDir())) {
          String name = latestSnapshot;
          Optional<Path> file = files.filter(p -> p.getFileName().toString().equals(name)).findFirst();
          if (file.isPresent()) {
            StoreSnapshot snapshot = ModelJson.read(Files.readAllBytes(file.get()), StoreSnapshot.class);
            out.println("snapshot holds: " + snapshot.jobs().size() + " jobs, " + snapshot.tasks().size()
                + " tasks, framework id " + (snapshot.frameworkId() == null ? "none" : snapshot.frameworkId()));
          }
        }
      }
      out.println("log entries: " + check.entries() + " in " + check.segments() + " segment(s), up to index "
          + check.lastIndex() + (check.snapshotIndex() >= 0 ? " (snapshot at index " + check.snapshotIndex() + ")"
          : ""));
      check.tornTail().ifPresent(torn -> out.println("torn last entry (a crash while writing; the scheduler drops"
          + " it on start): " + torn));
      if (!check.sound()) {
        out.println("checksums: DAMAGED");
        check.damage().forEach(d -> out.println("  damaged: " + d));
        spec.commandLine().getErr().println("aurora-scheduler-log: " + DamagedLogException.of(dir, check)
            .getMessage());
        return 1;
      }
      out.println("checksums: ok");
      return 0;
    }
  }

  /** Runs the tool and returns its exit code (0 ok, 1 failure, 2 usage error). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = new CommandLine(new SchedulerLogTool());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("aurora-scheduler-log: " + e.getMessage());
      return 1;
    });
    return cmd.execute(args);
  }

  public static void main(String[] args) {
    // UTF-8 whatever the locale: what is printed names paths and flags as the user wrote them.
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
  }
}
