package io.github.auroradist.benchmarks.scale;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The scheduler at cluster scale, end to end (docs/benchmarks.md): real scheduler processes against the Mesos
 * emulator's simulated agents, every figure printed on a line of its own with its aim. Started by
 * {@code benchmarks/bin/scale-run}, which passes the class path for the scheduler JVMs.
 */
public final class ScaleRun {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long GIB = 1L << 30;
  /** Polls in a row with nothing queued that count as settled (a second's worth). */
  private static final int QUIET_POLLS = 10;

  private final ScaleOptions options;
  private final ScaleCluster cluster;
  private final Api api = new Api(Duration.ofSeconds(60));

  private ScaleRun(ScaleOptions options, ScaleCluster cluster) {
    this.options = options;
    this.cluster = cluster;
  }

  public static void main(String[] args) throws Exception {
    ScaleOptions options;
    try {
      options = ScaleOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("scale-run: " + e.getMessage());
      System.exit(64);
      return;
    }
    Files.createDirectories(options.dir());
    Pids pids = new Pids(options.dir().resolve("pids"));
    System.out.printf(Locale.ROOT, "scale-run: %,d tasks in %,d jobs on %,d simulated agents, %d coordinator(s),"
        + " scheduler JVM %s; output under %s%n", options.tasks(), options.jobs(), options.agents(),
        options.coordinators(), String.join(" ", options.schedulerJvm()), options.dir());
    ScaleCluster cluster = ScaleCluster.start(options.dir(), options.agents(), options.coordinators(),
        options.schedulerJvm(), options.classPath(), Math.max(4000, options.instancesPerJob()), pids);
    Thread stopAll = new Thread(cluster::close, "scale-run-stop");
    Runtime.getRuntime().addShutdownHook(stopAll);
    int exit = 0;
    try {
      new ScaleRun(options, cluster).run();
    } catch (PhaseTimeoutException | IllegalStateException e) {
      System.out.println("scale-run FAILED: " + e.getMessage());
      for (SchedulerNode s : cluster.schedulers) {
        System.out.println("==== " + s + (s.isAlive() ? " running" : " stopped") + ", last lines:\n" + s.tail(20));
      }
      exit = 1;
    } finally {
      Runtime.getRuntime().removeShutdownHook(stopAll);
      cluster.close();
    }
    System.exit(exit);
  }

  private void run() throws Exception {
    for (SchedulerNode s : cluster.schedulers) {
      s.start();
    }
    SchedulerNode leader = awaitLeader("the first leader election");
    placeAll(leader);
    settle(leader);
    memory(leader);
    apiLatency(leader);
    snapshot(leader);
    rollingUpdate(leader);
    if (options.jfr()) {
      // Before the failover kills the leader, whose recording holds the placement and the API load.
      dumpFlightRecordings();
    }
    if (options.coordinators() > 1) {
      failover(leader);
    }
  }

  private void dumpFlightRecordings() throws IOException, InterruptedException {
    for (SchedulerNode s : cluster.schedulers) {
      if (s.isAlive()) {
        Path file = options.dir().resolve("scheduler-" + s.index + ".jfr");
        s.dumpFlightRecording(file);
        System.out.println("flight recording of " + s + ": " + file);
      }
    }
  }

  private static String job(int j, int instances, String data) {
    return """
        {"key": {"role": "role-%d", "environment": "prod", "name": "job-%d"}, "instanceCount": %d,
         "taskConfig": {"isService": true, "resources": {"cpu": 0.25, "ramMb": 128, "diskMb": 128},
           "executorConfig": {"name": "AuroraExecutor", "data": "%s"}}}
        """.formatted(j % 10, j, instances, data);
  }

  private SchedulerNode awaitLeader(String phase) throws InterruptedException {
    SchedulerNode[] leader = {null};
    PhaseTimeoutException.await(phase, options.phaseTimeout(), POLL, () -> {
      for (SchedulerNode s : cluster.schedulers) {
        if (s.isAlive() && api.status(s.httpPort, "/leaderhealth").orElse(0) == 200) {
          leader[0] = s;
          return true;
        }
      }
      return false;
    }, () -> "no scheduler answers /leaderhealth with 200");
    return leader[0];
  }

  private JsonNode vars(SchedulerNode s) {
    try {
      Api.Reply r = api.get(s.httpPort, "/vars.json");
      return r.status() == 200 ? r.json() : Api.JSON.createObjectNode();
    } catch (IOException e) {
      return Api.JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Api.JSON.createObjectNode();
    }
  }

  private String taskCounts(SchedulerNode s) {
    JsonNode v = vars(s);
    return "PENDING " + v.path("task_store_PENDING").asLong() + ", ASSIGNED " + v.path("task_store_ASSIGNED").asLong()
        + ", RUNNING " + v.path("task_store_RUNNING").asLong();
  }

  private void placeAll(SchedulerNode leader) throws Exception {
    long start = System.nanoTime();
    long[] placedAt = {0};
    int tasks = options.tasks();
    double created;
    Path progressFile = options.dir().resolve("progress.tsv");
    try (Progress progress = new Progress(progressFile, start)) {
      for (int j = 0; j < options.jobs(); j++) {
        Api.Reply r = api.post(leader.httpPort, "/api/jobs", job(j, options.instancesPerJob(), "run"));
        if (!r.ok()) {
          throw new IllegalStateException("creating job-" + j + " was refused: " + r.status() + " " + r.body());
        }
        if (progress.due()) {
          progress.record(vars(leader));
        }
      }
      created = seconds(start);
      PhaseTimeoutException.await("placing " + tasks + " tasks until all are RUNNING", options.phaseTimeout(), POLL,
          () -> {
            JsonNode v = vars(leader);
            progress.record(v);
            if (placedAt[0] == 0 && v.has("task_store_PENDING") && v.path("task_store_PENDING").asLong() == 0) {
              placedAt[0] = System.nanoTime();
            }
            return v.path("task_store_RUNNING").asLong() >= tasks;
          }, () -> taskCounts(leader));
    }
    double running = seconds(start);
    double placed = (placedAt[0] - start) / 1e9;
    System.out.printf(Locale.ROOT, "create to all RUNNING: %,d tasks in %,d jobs in %.1f s (jobs created in %.1f s)"
        + "  [aim: under 60 s for 100,000 tasks: %s]%n", tasks, options.jobs(), running, created,
        aim(running < 60, tasks >= 100_000));
    System.out.printf(Locale.ROOT, "placement rate: %,.0f tasks/s (all %,d placed, none PENDING, after %.1f s);"
        + " tasks by state each second in %s%n", tasks / placed, tasks, placed, progressFile);
  }

  /**
   * Waits until the launches are through: no status update waiting to be recorded and no call or acknowledgement
   * waiting to go to the master, over {@link #QUIET_POLLS} polls in a row. The last task is RUNNING in the store
   * before its acknowledgement (and the master's re-sends of updates acknowledged late) are through, and the
   * latencies measured before that were the tail of the launches as much as the queries'.
   */
  private void settle(SchedulerNode leader) throws InterruptedException {
    long start = System.nanoTime();
    int[] quiet = {0};
    long[] quietSince = {0};
    String[] seen = {""};
    PhaseTimeoutException.await("settling after the launches", options.phaseTimeout(), POLL, () -> {
      JsonNode v = vars(leader);
      seen[0] = Progress.QUEUES.stream().map(q -> q + " " + v.path(q).asLong(-1)).collect(Collectors.joining(", "));
      boolean empty = Progress.QUEUES.stream().allMatch(q -> v.path(q).asLong(-1) == 0);
      quiet[0] = empty ? quiet[0] + 1 : 0;
      if (quiet[0] == 1) {
        quietSince[0] = System.nanoTime();
      }
      return quiet[0] >= QUIET_POLLS;
    }, () -> seen[0]);
    System.out.printf(Locale.ROOT, "settled: nothing queued for the master or the store from %.1f s after the last"
        + " task was RUNNING%n", (quietSince[0] - start) / 1e9);
  }

  private void memory(SchedulerNode leader) throws Exception {
    long heap = leader.heapAfterFullGc();
    long rss = leader.residentSetSize();
    System.out.printf(Locale.ROOT, "leader heap after full GC: %,d MiB; RSS %,d MiB  [aim: heap under 2 GiB for"
        + " 100,000 tasks: %s]%n", heap >> 20, rss >> 20, aim(heap < 2 * GIB, options.tasks() >= 100_000));
  }

  private void apiLatency(SchedulerNode leader) throws Exception {
    String[][] queries = {
        {"job status (" + options.instancesPerJob() + " instances)",
            "/api/tasks?role=role-0&environment=prod&name=job-0&configs=false"},
        {"job's whole tasks (" + options.instancesPerJob() + " instances, configurations included)",
            "/api/tasks?role=role-0&environment=prod&name=job-0"},
        {"task query (a role's RUNNING tasks)", "/api/tasks?role=role-1&statuses=RUNNING"},
        {"role summary", "/api/roles"}};
    for (String[] q : queries) {
      // A request from each client first, not counted: the first answers of a query run before the JIT has
      // compiled its path, and whichever query came first carried that in its p99.
      Latencies.measure(api, leader.httpPort, q[1], options.clients(), options.clients());
      Latencies l = Latencies.measure(api, leader.httpPort, q[1], options.clients(), options.requests());
      String aim = q[1].contains("configs=false") ? "  [aim: under 1 s for a 10,000-instance job: "
          + aim(l.percentileMillis(99) < 1000, options.instancesPerJob() >= 10_000) + "]" : "";
      System.out.printf(Locale.ROOT, "%s: p50 %.0f ms, p99 %.0f ms (%d requests, %d clients, %,d bytes an answer)%s%n",
          q[0], l.percentileMillis(50), l.percentileMillis(99), options.requests(), options.clients(),
          l.answerBytes(), aim);
    }
  }

  private void snapshot(SchedulerNode leader) throws Exception {
    long start = System.nanoTime();
    Api.Reply r = api.post(leader.httpPort, "/api/admin/snapshot", "");
    double took = seconds(start);
    if (!r.ok()) {
      throw new IllegalStateException("POST /api/admin/snapshot answered " + r.status() + ": " + r.body());
    }
    Optional<Path> file = newestSnapshot(leader.logDir);
    System.out.printf(Locale.ROOT, "snapshot (POST /api/admin/snapshot): %.2f s; %s%n", took,
        file.map(f -> String.format(Locale.ROOT, "%,d bytes in %s", size(f), f.getFileName())).orElse(
            "no snapshot file found under " + leader.logDir));
    start = System.nanoTime();
    r = api.post(leader.httpPort, "/api/admin/backup", "");
    took = seconds(start);
    if (!r.ok()) {
      throw new IllegalStateException("POST /api/admin/backup answered " + r.status() + ": " + r.body());
    }
    Path backup = Path.of(r.json().path("file").asText());
    System.out.printf(Locale.ROOT, "backup (POST /api/admin/backup): %.2f s; %,d bytes%n", took, size(backup));
  }

  private static Optional<Path> newestSnapshot(Path logDir) throws IOException {
    try (Stream<Path> files = Files.walk(logDir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).contains("snapshot"))
          .filter(f -> !f.getFileName().toString().endsWith(".md5"))
          .max(Comparator.comparingLong(f -> f.toFile().lastModified()));
    }
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return -1;
    }
  }

  private void rollingUpdate(SchedulerNode leader) throws Exception {
    int instances = options.instancesPerJob();
    String settings = """
        {"updateGroupSize": 50, "maxPerInstanceFailures": 0, "maxFailedInstances": 0,
         "minWaitInInstanceRunningMs": %d, "rollbackOnFailure": true}
        """.formatted(options.updateWatchMillis());
    long start = System.nanoTime();
    Api.Reply r = api.post(leader.httpPort, "/api/updates",
        "{\"job\": " + job(0, instances, "run-v2") + ", \"settings\": " + settings + ", \"message\": \"scale-run\"}");
    if (r.status() != 201) {
      throw new IllegalStateException("starting the update of job-0 was refused: " + r.status() + " " + r.body());
    }
    String id = r.json().path("summary").path("key").path("id").asText();
    String path = "/api/updates/role-0/prod/job-0/" + id;
    String[] status = {""};
    PhaseTimeoutException.await("the rolling update of job-0 (" + instances + " instances, batch 50)",
        options.phaseTimeout(), POLL, () -> {
          try {
            status[0] = api.get(leader.httpPort, path).json().path("update").path("summary").path("state")
                .path("status").asText();
          } catch (IOException e) {
            status[0] = "no answer: " + e.getMessage();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (List.of("ROLLED_BACK", "ABORTED", "ERROR", "FAILED").contains(status[0])) {
            throw new IllegalStateException("the rolling update of job-0 ended " + status[0]);
          }
          return status[0].equals("ROLLED_FORWARD");
        }, () -> "update " + status[0]);
    System.out.printf(Locale.ROOT, "rolling update of %,d instances, batch 50 (watch %d ms): ROLLED_FORWARD after"
        + " %.1f s%n", instances, options.updateWatchMillis(), seconds(start));
  }

  private void failover(SchedulerNode leader) throws Exception {
    long killed = System.nanoTime();
    leader.kill();
    String probe = """
        {"key": {"role": "probe", "environment": "prod", "name": "after-failover"}, "instanceCount": 1,
         "taskConfig": {"resources": {"cpu": 0.01, "ramMb": 1, "diskMb": 1},
           "executorConfig": {"name": "AuroraExecutor", "data": "run"}}}
        """;
    String[] last = {"no scheduler answered"};
    PhaseTimeoutException.await("failover after kill -9 of " + leader, options.phaseTimeout(), Duration.ofMillis(20),
        () -> {
          for (SchedulerNode s : cluster.schedulers) {
            if (!s.isAlive()) {
              continue;
            }
            try {
              Api.Reply r = api.post(s.httpPort, "/api/jobs", probe);
              if (r.ok()) {
                return true;
              }
              last[0] = s + ": " + r.status() + " " + r.body();
            } catch (IOException e) {
              last[0] = s + ": " + e;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return false;
            }
          }
          return false;
        }, () -> last[0]);
    double took = seconds(killed);
    System.out.printf(Locale.ROOT, "failover with %,d tasks: kill -9 of the leader to a write accepted in %.1f s"
        + "  [aim: at most 5 s: %s]%n", options.tasks(), took, aim(took <= 5, true));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** "met" or "NOT met", or that this run is smaller than the size the aim is for. */
  private static String aim(boolean met, boolean atAimSize) {
    String verdict = met ? "met" : "NOT met";
    return atAimSize ? verdict : verdict + " at this smaller size, which the aim is not for";
  }
}
