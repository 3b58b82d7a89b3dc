package io.github.auroradist.executor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerFlags;
import io.github.auroradist.scheduler.SchedulerMain;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.storage.LogDirectory;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A worker's whole path on loopback, for end-to-end tests: the scheduler (in this JVM) takes jobs
 * on cluster {@code e2e}, its offers come from the Mesos emulator (a master and one agent), and
 * the agent starts the real thermos_executor as its own JVM for each task, through a shell, as it
 * would run the packaged script. Jobs are {@code www-data/devel/<name>} services asking for an
 * {@code http} port.
 */
public final class ExecutorCluster implements AutoCloseable {
  /** How long a job may take to run: JVMs start for every task, on a loaded machine. */
  public static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path mesos;
  private final EmulatorCluster cluster;
  private final Scheduler scheduler;
  private final List<String> jobs = new ArrayList<>();

  private ExecutorCluster(Path mesos, EmulatorCluster cluster, Scheduler scheduler) {
    this.mesos = mesos;
    this.cluster = cluster;
    this.scheduler = scheduler;
  }

  /** Starts the emulator under {@code dir/mesos} and the scheduler with its log in {@code dir/db}. */
  public static ExecutorCluster start(Path dir) throws Exception {
    Path mesos = dir.resolve("mesos");
    EmulatorCluster cluster = EmulatorCluster.builder(mesos).standardAgents().start();
    try {
      return new ExecutorCluster(mesos, cluster, startScheduler(cluster, dir.resolve("db")));
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static Scheduler startScheduler(EmulatorCluster cluster, Path log) throws Exception {
    new LogDirectory(log).initialize(UUID.randomUUID());
    String master = cluster.masterUri().getHost() + ":" + cluster.masterUri().getPort();
    String[] args = {"-cluster_name=e2e", "-http_port=0", "-ip=127.0.0.1", "-hostname=localhost",
        "-mesos_master_address=" + master, "-native_log_file_path=" + log, "-native_log_port=" + Ports.free(),
        "-thermos_executor_path=" + executorCommand(), "-thermos_executor_flags=--nosetuid",
        "-thermos_executor_cpu=0.1", "-thermos_executor_ram=64MB"};
    StringWriter err = new StringWriter();
    SchedulerFlags flags = SchedulerMain.parse(args, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true), new int[1]);
    assertThat(flags).as(err.toString()).isNotNull();
    return Scheduler.start(SchedulerSettings.from(flags), e -> {
      throw new IllegalStateException(e);
    });
  }

  /** The agent runs this through a shell, as it would run the packaged thermos_executor script. */
  private static String executorCommand() {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return "exec " + Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:+UseSerialGC"
        + " -XX:TieredStopAtLevel=1 -cp " + classPath.replace(File.pathSeparator, ":")
        + " io.github.auroradist.executor.ThermosExecutorMain";
  }

  /** The scheduler's HTTP address. */
  public URI api() {
    return URI.create("http://127.0.0.1:" + scheduler.httpPort());
  }

  /** Where the emulator keeps its agents' work directories (and so every sandbox). */
  public Path mesosDir() {
    return mesos;
  }

  /** The agent's {@code --work_dir}, what the observer's {@code --mesos-root} names in production. */
  public Path agentWorkDir() {
    return cluster.agents().get(0).config().workDir();
  }

  /**
   * The Thermos configuration Aurora's client writes for a job of one process, opaque to the
   * scheduler; callers add to it (an {@code announce} section, say).
   */
  public static ObjectNode thermos(String job, String process, String cmdline) {
    ObjectNode config = JSON.createObjectNode();
    config.put("role", "www-data").put("environment", "devel").put("name", job).put("cluster", "e2e");
    ObjectNode task = config.putObject("task");
    task.put("name", job).put("finalization_wait", 5);
    task.putObject("resources").put("cpu", 0.2).put("ram", 32L << 20).put("disk", 16L << 20);
    task.putArray("processes").addObject().put("name", process).put("cmdline", cmdline);
    return config;
  }

  /** Creates {@code www-data/devel/<job>}, a service asking for an {@code http} port, running {@code thermos}. */
  public void createJob(String job, int instances, JsonNode thermos) throws Exception {
    HttpResponse<String> created = post(api().resolve("/api/jobs"), JSON.writeValueAsString(
        jobConfiguration(job, instances, thermos)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    jobs.add(job);
  }

  /** The scheduler's JobConfiguration of {@code www-data/devel/<job>}, as {@link #createJob} sends it. */
  public static ObjectNode jobConfiguration(String job, int instances, JsonNode thermos) throws Exception {
    ObjectNode config = JSON.createObjectNode();
    config.putObject("key").put("role", "www-data").put("environment", "devel").put("name", job);
    config.put("instanceCount", instances);
    ObjectNode task = config.putObject("taskConfig");
    task.put("isService", true);
    task.putObject("resources").put("cpu", 0.2).put("ramMb", 32).put("diskMb", 16).putArray("namedPorts").add("http");
    task.putObject("executorConfig").put("name", "AuroraExecutor").put("data", JSON.writeValueAsString(thermos));
    return config;
  }

  /** POSTs {@code body} (JSON) to the scheduler's {@code path}. */
  public HttpResponse<String> post(String path, String body) throws Exception {
    return post(api().resolve(path), body);
  }

  /** GETs the scheduler's {@code path} as JSON, expecting 200. */
  public JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The job's active tasks, as the scheduler's API lists them. */
  public JsonNode activeTasks(String job) throws Exception {
    URI uri = api().resolve("/api/tasks?role=www-data&environment=devel&name=" + job + "&statuses=ACTIVE");
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("tasks");
  }

  /** Waits until every instance of the job is RUNNING; its tasks' {@code assignedTask}, by instance. */
  public List<JsonNode> awaitRunning(String job, int instances) throws Exception {
    Map<Integer, String> running = new TreeMap<>();
    for (int i = 0; i < instances; i++) {
      running.put(i, "RUNNING");
    }
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Map<Integer, String> states = new TreeMap<>();
      for (JsonNode t : activeTasks(job)) {
        states.put(t.get("assignedTask").get("instanceId").asInt(), t.get("status").asText());
      }
      assertThat(states).isEqualTo(running);
    });
    List<JsonNode> assigned = new ArrayList<>();
    activeTasks(job).forEach(t -> assigned.add(t.get("assignedTask")));
    assigned.sort(Comparator.comparingInt(t -> t.get("instanceId").asInt()));
    return assigned;
  }

  private static HttpResponse<String> post(URI uri, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Kills the jobs created here and waits until the scheduler has no active task left, so the
   * executors stop their processes themselves; then stops the scheduler and the emulator. The wait
   * is best effort (stopping the emulator stops the executors anyway) and never hides a test's
   * own failure.
   */
  @Override
  public void close() {
    try {
      for (String job : jobs) {
        post(api().resolve("/api/jobs/www-data/devel/" + job + "/kill"), "");
      }
      await().atMost(WAIT).ignoreExceptions().until(() -> {
        for (String job : jobs) {
          if (!activeTasks(job).isEmpty()) {
            return false;
          }
        }
        return true;
      });
    } catch (Exception | AssertionError e) {
      // the emulator's close stops what is left
    } finally {
      try {
        scheduler.close();
      } finally {
        closeEmulator();
      }
    }
  }

  private void closeEmulator() {
    try {
      cluster.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
