package io.github.auroradist.scheduler.faults;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A steady load of writes from a few client threads through the scheduler's HTTP API: creates, kills, restarts
 * and rolling updates, each sent to a scheduler picked at random and recorded in the history. Each thread owns its
 * jobs, so that what a job should look like at the end follows from its own calls in order.
 */
final class Workload {
  static final String ENVIRONMENT = "prod";
  /** Jobs a thread keeps at once: each instance is an executor JVM on this machine. */
  private static final int JOBS_PER_THREAD = 2;

  private final List<Integer> ports;
  private final String role;
  private final History history;
  private final Duration timeout;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, JobModel> jobs = new ConcurrentHashMap<>();

  Workload(List<Integer> ports, String role, History history, Duration timeout) {
    this.ports = List.copyOf(ports);
    this.role = role;
    this.history = history;
    this.timeout = timeout;
  }

  /** Starts {@code count} client threads, each with its own random sequence drawn from {@code seed}. */
  void start(int count, long seed) {
    for (int i = 0; i < count; i++) {
      Random random = new Random(seed + 1000L * (i + 1));
      String actor = "client-" + i;
      Thread t = new Thread(() -> run(actor, random), actor);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Stops the threads after their calls in flight, each bounded by the timeout. */
  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(timeout.multipliedBy(3).toMillis());
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " is still in a call " + timeout.multipliedBy(3) + " after stop");
      }
    }
  }

  Map<String, JobModel> jobs() {
    return Map.copyOf(jobs);
  }

  static String job(String role, String name, int instances, String data) {
    return """
        {"key": {"role": "%s", "environment": "%s", "name": "%s"}, "instanceCount": %d,
         "taskConfig": {"isService": true, "production": false,
           "resources": {"cpu": 0.1, "ramMb": 16, "diskMb": 16},
           "executorConfig": {"name": "AuroraExecutor", "data": "%s"}}}
        """.formatted(role, ENVIRONMENT, name, instances, data);
  }

  String path(JobModel job) {
    return role + "/" + ENVIRONMENT + "/" + job.name;
  }

  private void run(String actor, Random random) {
    HttpClient client = Call.client();
    List<JobModel> mine = new ArrayList<>();
    int created = 0;
    try {
      while (running.get()) {
        List<JobModel> live = mine.stream().filter(j -> j.state == JobModel.State.LIVE).toList();
        double dice = random.nextDouble();
        if (live.isEmpty() || (live.size() < JOBS_PER_THREAD && dice < 0.3)) {
          JobModel job = new JobModel(actor + "-job" + created++, 1 + random.nextInt(2), JobModel.State.UNSURE);
          mine.add(job);
          jobs.put(job.name, job);
          create(client, actor, random, job);
        } else {
          JobModel job = live.get(random.nextInt(live.size()));
          if (dice < 0.55) {
            restart(client, actor, random, job);
          } else if (dice < 0.8 || !job.updates.isEmpty()) {
            update(client, actor, random, job);
          } else {
            kill(client, actor, random, job);
          }
        }
        // Paces the load: about one call a second per thread keeps the executors' JVMs within the machine.
        TimeUnit.MILLISECONDS.sleep(500 + random.nextInt(1000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Call send(HttpClient client, String actor, Random random, String action, String path, String json)
      throws InterruptedException {
    int port = ports.get(random.nextInt(ports.size()));
    long start = history.now();
    Call call = Call.send(client, port, "POST", path, json, timeout);
    history.add(start, actor, action + " via :" + port, call.outcome(), call.acknowledged(), call.clear());
    return call;
  }

  private void create(HttpClient client, String actor, Random random, JobModel job) throws InterruptedException {
    Call call = send(client, actor, random, "create " + job.name + " x" + job.instances, "/api/jobs",
        job(role, job.name, job.instances, "run-v0"));
    if (call.acknowledged()) {
      job.state = JobModel.State.LIVE;
    }
  }

  private void kill(HttpClient client, String actor, Random random, JobModel job) throws InterruptedException {
    job.killSent = true;
    Call call = send(client, actor, random, "kill " + job.name, "/api/jobs/" + path(job) + "/kill", "{}");
    job.state = call.acknowledged() ? JobModel.State.KILLED : JobModel.State.UNSURE;
  }

  private void restart(HttpClient client, String actor, Random random, JobModel job) throws InterruptedException {
    int instance = random.nextInt(job.instances);
    send(client, actor, random, "restart " + job.name + "/" + instance, "/api/jobs/" + path(job) + "/restart",
        "{\"instances\": [" + instance + "]}");
  }

  private void update(HttpClient client, String actor, Random random, JobModel job) throws InterruptedException {
    String data = job.nextData();
    String settings = "{\"updateGroupSize\": 1, \"minWaitInInstanceRunningMs\": 1000, \"maxPerInstanceFailures\": 3,"
        + " \"maxFailedInstances\": " + job.instances + ", \"rollbackOnFailure\": true}";
    Call call = send(client, actor, random, "update " + job.name + " to " + data, "/api/updates",
        "{\"job\": " + job(role, job.name, job.instances, data) + ", \"settings\": " + settings + "}");
    if (call.acknowledged()) {
      job.updates.add(new JobModel.Update(data, call.json().path("summary").path("key").path("id").asText()));
    } else if (call.status() != 409) {
      job.updates.add(new JobModel.Update(data, null));
    }
  }
}
