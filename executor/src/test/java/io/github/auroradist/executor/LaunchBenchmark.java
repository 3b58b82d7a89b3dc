package io.github.auroradist.executor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;

/**
 * Prints how long the real executor (the shaded jar, started as its own JVM the way an agent
 * starts it) takes from LAUNCH to TASK_RUNNING for a task without health checks, and the
 * executor JVM's resident memory while the task runs. Not a test: run executor/bench/launch-benchmark.sh.
 */
public final class LaunchBenchmark {
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> javaOpts = new ArrayList<>(List.of(System.getProperty("bench.javaOpts",
        "-XX:+UseSerialGC -Xms8m -Xmx32m -Xss256k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=8m"
            + " -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xshare:auto").split(" ")));
    for (int round = 1; round <= rounds; round++) {
      Path runDir = Files.createTempDirectory("thermos-bench");
      try (FakeAgent agent = new FakeAgent()) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(javaOpts);
        cmd.addAll(List.of("-jar", jar.toString(), "--nosetuid"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(runDir.resolve("executor.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("MESOS_AGENT_ENDPOINT", "127.0.0.1:" + agent.port());
        env.put("MESOS_FRAMEWORK_ID", "fw-1");
        env.put("MESOS_EXECUTOR_ID", "thermos-exec");
        env.put("MESOS_AGENT_ID", "agent-1");
        env.put("MESOS_SLAVE_ID", "agent-1");
        env.put("MESOS_SANDBOX", runDir.toString());
        env.put("MESOS_DIRECTORY", runDir.toString());
        env.put("MESOS_CHECKPOINT", "1");
        long spawn = System.nanoTime();
        Process executor = pb.start();
        if (!agent.subscribed.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the executor never subscribed; see " + runDir.resolve("executor.log"));
        }
        long subscribedAt = System.nanoTime();
        String data = "{\"taskId\": \"bench\", \"instanceId\": 0, \"role\": \"bench\", \"environment\": \"test\","
            + " \"jobName\": \"bench\", \"assignedPorts\": {}, \"executorData\": "
            + "\"{\\\"task\\\": {\\\"name\\\": \\\"bench\\\", \\\"processes\\\": [{\\\"name\\\": \\\"sleep\\\","
            + " \\\"cmdline\\\": \\\"exec sleep 600\\\"}]}}\"}";
        long launch = System.nanoTime();
        agent.launch("bench", data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        while (agent.states().stream().noneMatch(s -> s == Protos.TaskState.TASK_RUNNING)) {
          if (System.nanoTime() - launch > TimeUnit.SECONDS.toNanos(30)) {
            throw new IllegalStateException("no TASK_RUNNING within 30 s; see " + runDir.resolve("executor.log"));
          }
          Thread.sleep(1);
        }
        long running = System.nanoTime();
        Thread.sleep(1000);
        long rssKb = rss(executor.pid());
        long pssKb = pss(executor.pid());
        if (Boolean.getBoolean("bench.nmt")) {
          Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
              Long.toString(executor.pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
          System.out.println(new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        agent.kill("bench");
        boolean exited = executor.waitFor(30, TimeUnit.SECONDS);
        System.out.printf("round %d: JVM start to SUBSCRIBE %d ms, LAUNCH to TASK_RUNNING %d ms,"
                + " executor RSS %.1f MB (PSS %.1f MB), exited after kill: %s (%s)%n", round,
            (subscribedAt - spawn) / 1_000_000, (running - launch) / 1_000_000, rssKb / 1024.0, pssKb / 1024.0, exited,
            agent.states());
        if (!exited) {
          executor.destroyForcibly();
        }
      }
    }
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

  private static long rss(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
