package io.github.auroradist.scheduler.testing;

import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerFlags;
import io.github.auroradist.scheduler.SchedulerMain;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.storage.LogDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds scheduler settings the way the command line does, for a scheduler on loopback. */
public final class SchedulerFixture {
  /** A Mesos master address where none answers: the scheduler runs, and its tasks stay PENDING. */
  public static final String NO_MESOS = "127.0.0.1:1";

  private SchedulerFixture() {
  }

  public static Path initializedLog(Path dir) throws IOException {
    Path db = dir.resolve("db");
    new LogDirectory(db).initialize(UUID.randomUUID());
    return db;
  }

  public static SchedulerSettings settings(Path logPath, int logPort, String mesosMaster, String... extra) {
    List<String> args = new ArrayList<>(List.of("-cluster_name=test", "-http_port=0", "-ip=127.0.0.1",
        "-hostname=localhost", "-mesos_master_address=" + mesosMaster, "-native_log_file_path=" + logPath,
        "-native_log_port=" + logPort, "-thermos_executor_path=/usr/bin/thermos_executor",
        // Tests run tasks as the user running them, which is root in containers.
        "-allow_root_role=true"));
    for (String e : extra) {
      String name = e.substring(0, e.indexOf('=') + 1);
      args.removeIf(a -> a.startsWith(name));
      args.add(e);
    }
    StringWriter err = new StringWriter();
    int[] code = {0};
    SchedulerFlags flags = SchedulerMain.parse(args.toArray(String[]::new), new PrintWriter(new StringWriter()),
        new PrintWriter(err, true), code);
    if (flags == null) {
      throw new IllegalArgumentException(err.toString());
    }
    return SchedulerSettings.from(flags);
  }

  /**
   * A scheduler (log under {@code dir}) registered with an emulated Mesos cluster whose agents run the
   * {@link ScriptedExecutor}, with small executor overheads; {@code extra} flags as in {@link #settings}.
   */
  public static Scheduler startOnMesos(Path dir, EmulatorCluster cluster, String... extra) throws Exception {
    return start(settingsOnMesos(dir, cluster, extra));
  }

  /** What {@link #startOnMesos} starts with (a new log under {@code dir}); start them again to restart. */
  public static SchedulerSettings settingsOnMesos(Path dir, EmulatorCluster cluster, String... extra)
      throws IOException {
    List<String> flags = new ArrayList<>(List.of("-thermos_executor_path=" + ScriptedExecutor.command(),
        "-thermos_executor_cpu=0.1", "-thermos_executor_ram=32MB"));
    flags.addAll(List.of(extra));
    return settings(initializedLog(dir), Ports.free(), cluster.masterUri().toString(), flags.toArray(String[]::new));
  }

  public static Scheduler start(SchedulerSettings settings) throws Exception {
    return Scheduler.start(settings, e -> { throw new IllegalStateException("fatal in test", e); });
  }
}
