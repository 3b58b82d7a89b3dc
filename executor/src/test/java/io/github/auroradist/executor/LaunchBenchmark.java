package io.github.auroradist.executor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;

/**
 * Prints how long the real executor, started through the {@code thermos_executor} launcher a package ships (its
 * own JVM, as an agent starts it), takes from LAUNCH to TASK_RUNNING for a task without health checks, and the
 * executor JVM's resident memory while the task runs. Not a test: run executor/bench/launch-benchmark.sh.
 *
 * <p>Usage: {@code LaunchBenchmark LAUNCHER [rounds]}. The system property {@code bench.javaOpts}, when set,
 * replaces the launcher's default JVM options ({@code THERMOS_EXECUTOR_JAVA_OPTS}); {@code bench.nmt=true} prints
 * the JVM's native memory summary (give {@code -XX:NativeMemoryTracking=summary} in the options);
 * {@code bench.settleMs} is how long after RUNNING memory is read (default 2,000), and the CPU time the executor
 * used meanwhile is printed.
 */
public final class LaunchBenchmark {
  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String javaOpts = System.getProperty("bench.javaOpts");
    long settleMs = Long.getLong("bench.settleMs", 2000);
    long[] startup = new long[rounds];
    long[] launchToRunning = new long[rounds];
    long[] rss = new long[rounds];
    long[] hwm = new long[rounds];
    long[] cpu = new long[rounds];
    for (int round = 0; round < rounds; round++) {
      Path runDir = Files.createTempDirectory("thermos-bench");
      try (FakeAgent agent = new FakeAgent()) {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--nosetuid").redirectErrorStream(true)
            .redirectOutput(runDir.resolve("executor.log").toFile());
        Map<String, String> env = pb.environment();
        if (javaOpts != null) {
          env.put("THERMOS_EXECUTOR_JAVA_OPTS", javaOpts);
        }
        agent.putExecutorVariables(env, runDir);
        long spawn = System.nanoTime();
        Process executor = pb.start();
        if (!agent.subscribed.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the executor never subscribed; see " + runDir.resolve("executor.log"));
        }
        long subscribedAt = System.nanoTime();
        String data = "{\"taskId\": \"bench\", \"instanceId\": 0, \"role\": \"bench\", \"environment\": \"test\","
            + " \"jobName\": \"bench\", \"assignedPorts\": {}, \"executorData\": "
            + "\"{\\\"task\\\": {\\\"name\\\": \\\"bench\\\", \\\"processes\\\": [{\\\"name\\\": \\\"sleep\\\","
            + " \\\"cmdline\\\": \\\"exec sleep 600\\\"}]}}\"}";
        long launch = System.nanoTime();
        agent.launch("bench", data.getBytes(StandardCharsets.UTF_8));
        while (agent.states().stream().noneMatch(s -> s == Protos.TaskState.TASK_RUNNING)) {
          if (System.nanoTime() - launch > TimeUnit.SECONDS.toNanos(60)) {
            throw new IllegalStateException("no TASK_RUNNING within 60 s; see " + runDir.resolve("executor.log"));
          }
          Thread.sleep(1);
        }
        long running = System.nanoTime();
        cpu[round] = cpuMillis(executor.pid());
        // The executor settles (its first status round trips, the process's first checkpoint) before memory is read;
        // a longer wait (bench.settleMs) shows what the executor costs while its task runs.
        Thread.sleep(settleMs);
        long cpuWhileRunning = cpuMillis(executor.pid()) - cpu[round];
        rss[round] = status(executor.pid(), "VmRSS:");
        hwm[round] = status(executor.pid(), "VmHWM:");
        long pssKb = pss(executor.pid());
        long anonKb = status(executor.pid(), "RssAnon:");
        long fileKb = status(executor.pid(), "RssFile:");
        if (Boolean.getBoolean("bench.nmt")) {
          Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
              Long.toString(executor.pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
          System.out.println(new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        agent.kill("bench");
        boolean exited = executor.waitFor(30, TimeUnit.SECONDS);
        startup[round] = (subscribedAt - spawn) / 1_000_000;
        launchToRunning[round] = (running - launch) / 1_000_000;
        System.out.printf(Locale.ROOT, "round %d: JVM start to SUBSCRIBE %d ms, LAUNCH to TASK_RUNNING %d ms,"
                + " CPU until RUNNING %d ms, executor VmRSS %.1f MB (RssAnon %.1f, RssFile %.1f), VmHWM %.1f MB,"
                + " PSS %.1f MB, CPU in the %d ms after RUNNING %d ms,"
                + " exited after kill: %s (%s)%n", round + 1, startup[round], launchToRunning[round], cpu[round],
            rss[round] / 1024.0, anonKb / 1024.0, fileKb / 1024.0, hwm[round] / 1024.0, pssKb / 1024.0, settleMs,
            cpuWhileRunning, exited, agent.states());
        if (!exited) {
          executor.destroyForcibly();
        }
      }
    }
    System.out.printf(Locale.ROOT, "executor, median of %d: JVM start to SUBSCRIBE %d ms, LAUNCH to TASK_RUNNING %d ms,"
            + " CPU until RUNNING %d ms, VmRSS %.1f MB, VmHWM %.1f MB  [aim: RSS at most 64 MB, LAUNCH to RUNNING at"
            + " most 1 s]%n", rounds, median(startup), median(launchToRunning), median(cpu), median(rss) / 1024.0,
        median(hwm) / 1024.0);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * The JVM's CPU time (user + system) from its start, which a loaded machine skews far less than wall time.
   * /proc/PID/stat counts it in clock ticks, 100 a second on Linux.
   */
  private static long cpuMillis(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
    // After "pid (comm) ": state is field 3, utime 14 and stime 15 of the whole line.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  /** Proportional set size: shared pages (libjvm, the CDS archive) count once per sharer. */
  private static long pss(long pid) throws Exception {
    Path rollup = Path.of("/proc/" + pid + "/smaps_rollup");
    if (!Files.exists(rollup)) {
      return -1;
    }
    for (String line : Files.readAllLines(rollup)) {
      if (line.startsWith("Pss:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** A line of /proc/PID/status in kB, e.g. VmRSS (resident now) or VmHWM (the peak). */
  private static long status(long pid, String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
