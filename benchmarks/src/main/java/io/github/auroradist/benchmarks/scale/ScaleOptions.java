package io.github.auroradist.benchmarks.scale;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scale run does: its size, the API load, each phase's bound, the scheduler JVM's options and where it
 * writes. The defaults are the sizes of issue 17 (100,000 tasks in 100 jobs on 10,000 agents).
 */
record ScaleOptions(int agents, int jobs, int instancesPerJob, int coordinators, int clients, int requests,
    int updateWatchMillis, Duration phaseTimeout, boolean jfr, List<String> schedulerJvm, String classPath,
    Path dir) {

  static final String USAGE = """
      usage: scale-run [--agents N] [--jobs N] [--instances-per-job N] [--coordinators 1|3|5]
                       [--clients N] [--requests N] [--update-watch-ms N] [--phase-timeout SECONDS] [--jfr]
                       [--dir DIR]""";

  int tasks() {
    return jobs * instancesPerJob;
  }

  /**
   * Parses the command line; {@code --class-path} (from bin/scale-run) is what the scheduler JVMs run, and the
   * environment variable {@code SCALE_SCHEDULER_JAVA_OPTS} their JVM options (default the package's).
   */
  static ScaleOptions parse(String[] args) {
    int agents = 10_000;
    int jobs = 100;
    int instances = 1_000;
    int coordinators = 1;
    int clients = 20;
    int requests = 200;
    int watch = 0;
    int timeout = 600;
    boolean jfr = false;
    String classPath = null;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--jfr")) {
        jfr = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value\n" + USAGE
            : "unknown argument '" + a + "'\n" + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--agents" -> agents = positive(a, v);
        case "--jobs" -> jobs = positive(a, v);
        case "--instances-per-job" -> instances = positive(a, v);
        case "--coordinators" -> coordinators = positive(a, v);
        case "--clients" -> clients = positive(a, v);
        case "--requests" -> requests = positive(a, v);
        case "--update-watch-ms" -> watch = nonNegative(a, v);
        case "--phase-timeout" -> timeout = positive(a, v);
        case "--class-path" -> classPath = v;
        case "--dir" -> dir = Path.of(v).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
      }
    }
    if (coordinators % 2 == 0) {
      throw new IllegalArgumentException("--coordinators must be odd (a quorum of a replicated log), got "
          + coordinators);
    }
    if (agents > 100_000) {
      throw new IllegalArgumentException("--agents must be at most 100000 (the simulated agents' limit), got "
          + agents);
    }
    if (classPath == null) {
      throw new IllegalArgumentException("--class-path is missing: start scale-run through benchmarks/bin/scale-run");
    }
    if (dir == null) {
      throw new IllegalArgumentException("--dir is missing: start scale-run through benchmarks/bin/scale-run");
    }
    String jvm = System.getenv().getOrDefault("SCALE_SCHEDULER_JAVA_OPTS", "-Xms512m -Xmx2g").trim();
    List<String> schedulerJvm = new ArrayList<>(List.of(jvm.split("\\s+")));
    if (jfr) {
      schedulerJvm.add("-XX:StartFlightRecording=name=scale,settings=profile");
    }
    return new ScaleOptions(agents, jobs, instances, coordinators, clients, requests, watch,
        Duration.ofSeconds(timeout), jfr, List.copyOf(schedulerJvm), classPath, dir);
  }

  private static int positive(String option, String value) {
    int n = nonNegative(option, value);
    if (n < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
    return n;
  }

  private static int nonNegative(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw new IllegalArgumentException(option + " must not be negative, got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, got '" + value + "'", e);
    }
  }
}
