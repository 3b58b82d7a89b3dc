package io.github.auroradist.scheduler.ha;

import io.github.auroradist.scheduler.testing.Directories;
import io.github.auroradist.scheduler.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints the failover time of three coordinators with many tasks in the store: from SIGKILL of the leading scheduler
 * to the first API write a new leader accepts (Aurora replays its log on failover; here followers already hold the
 * state). Not a test: run scheduler/bench/failover-benchmark.sh.
 *
 * <p>Usage: {@code FailoverBenchmark [tasks] [rounds] [dir]} (defaults 10000, 5, a new temporary directory).
 */
public final class FailoverBenchmark {
  private static final int INSTANCES_PER_JOB = 1000;
  private static final Duration AIM = Duration.ofSeconds(5);

  private FailoverBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("failover-bench");
    System.out.printf("Three scheduler processes, a ZooKeeper ensemble of three and a Mesos master under %s%n", dir);
    // No agents: the tasks stay PENDING, so the store holds them without starting 10,000 executors here.
    try (CoordinatorRig rig = CoordinatorRig.create(dir, 3, 0, "-max_tasks_per_job=" + INSTANCES_PER_JOB)) {
      rig.startAll();
      rig.awaitOneLeader(Duration.ofMinutes(2));

      long loadStart = System.nanoTime();
      int created = 0;
      for (int job = 0; created < tasks; job++) {
        int instances = Math.min(INSTANCES_PER_JOB, tasks - created);
        rig.writeUntilAccepted("POST", "/api/jobs", job("load-" + job, instances), Duration.ofMinutes(2));
        created += instances;
      }
      System.out.printf("Stored %,d tasks in %.1f s%n", created, (System.nanoTime() - loadStart) / 1e9);
      for (SchedulerProcess s : rig.schedulers) {
        awaitTaskCount(s, created);
      }

      List<Long> millis = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        SchedulerProcess leader = rig.awaitOneLeader(Duration.ofMinutes(2));
        long killed = System.nanoTime();
        leader.kill();
        Http.Reply accepted = rig.writeUntilAccepted("POST", "/api/jobs", job("probe-" + round, 1),
            Duration.ofMinutes(2));
        long ms = (System.nanoTime() - killed) / 1_000_000;
        millis.add(ms);
        System.out.printf("round %d: killed %s; a new leader accepted a write after %,d ms (%d)%n", round, leader, ms,
            accepted.status());

        // The killed coordinator comes back and catches up before the next round.
        leader.start();
        awaitTaskCount(leader, created + round);
      }
      Collections.sort(millis);
      long median = millis.get(millis.size() / 2);
      System.out.printf("failover with %,d tasks over %d rounds: min %,d ms, median %,d ms, max %,d ms (aim: at most"
          + " %,d ms: %s)%n", created, rounds, millis.get(0), median, millis.get(millis.size() - 1), AIM.toMillis(),
          millis.get(millis.size() - 1) <= AIM.toMillis() ? "met" : "NOT met");
    }
    if (args.length <= 2) {
      // A temporary directory goes once the run succeeded; a failed run leaves the schedulers' output to read.
      Directories.deleteTree(dir);
    }
  }

  private static String job(String name, int instances) {
    return """
        {"key": {"role": "bench", "environment": "prod", "name": "%s"}, "instanceCount": %d,
         "taskConfig": {"resources": {"cpu": 0.01, "ramMb": 1, "diskMb": 1},
           "executorConfig": {"name": "AuroraExecutor", "data": "run"}}}
        """.formatted(name, instances);
  }

  private static void awaitTaskCount(SchedulerProcess s, int count) {
    try {
      org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
          .until(() -> {
            if (s.status("/health").orElse(0) != 200) {
              return false;
            }
            Http.Reply r = s.http().get("/vars.json");
            return r.status() == 200 && r.json().path("task_store_PENDING").asInt() >= count;
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new IllegalStateException(s + " did not hold " + count + " tasks within 3 minutes\n" + s.tail(30), e);
    }
  }
}
