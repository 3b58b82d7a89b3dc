package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.local.LocalCluster;
import io.github.auroradist.emulator.testing.Clusters;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerFlags;
import io.github.auroradist.scheduler.SchedulerMain;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.storage.LogDirectory;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: the scheduler (in this JVM) takes a 2-instance job, offers come from the Mesos
 * emulator, the emulator's agent starts this executor as its own JVM for each task, the tasks
 * reach RUNNING, and both checkpoints can be read from the agent's work directory the way the
 * observer reads them. (The observer's own end-to-end test lives in the observer module, which
 * depends on this one.)
 */
class ClusterEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dir;
  static LocalCluster cluster;
  static Scheduler scheduler;

  @BeforeAll
  static void start() throws Exception {
    Path mesos = dir.resolve("mesos");
    cluster = Clusters.local(Clusters.fastMaster(), Clusters.fastAgent(mesos,
        "cpus:4;mem:4096;disk:20000;ports:[31000-31100]", "rack:r1"), 1, mesos);
    Path log = dir.resolve("db");
    new LogDirectory(log).initialize(UUID.randomUUID());
    String master = cluster.masterUri().getHost() + ":" + cluster.masterUri().getPort();
    String[] args = {"-cluster_name=e2e", "-http_port=0", "-ip=127.0.0.1", "-hostname=localhost",
        "-mesos_master_address=" + master, "-native_log_file_path=" + log, "-native_log_port=" + freePort(),
        "-thermos_executor_path=" + executorCommand(), "-thermos_executor_flags=--nosetuid",
        "-thermos_executor_cpu=0.1", "-thermos_executor_ram=64MB"};
    StringWriter err = new StringWriter();
    SchedulerFlags flags = SchedulerMain.parse(args, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true), new int[1]);
    assertThat(flags).as(err.toString()).isNotNull();
    scheduler = Scheduler.start(SchedulerSettings.from(flags), e -> { throw new IllegalStateException(e); });
  }

  @AfterAll
  static void stop() throws Exception {
    if (scheduler != null) {
      URI api = URI.create("http://127.0.0.1:" + scheduler.httpPort());
      List<String> jobs = List.of("hello", "aliased");
      try {
        for (String job : jobs) {
          post(api.resolve("/api/jobs/www-data/devel/" + job + "/kill"), "");
        }
        // Let the executors stop their processes before the scheduler goes away.
        await().atMost(WAIT).ignoreExceptions().until(() -> {
          for (String job : jobs) {
            if (!get(api.resolve("/api/tasks?role=www-data&environment=devel&name=" + job + "&statuses=ACTIVE"))
                .get("tasks").isEmpty()) {
              return false;
            }
          }
          return true;
        });
      } catch (Exception e) {
        // best effort; closing the cluster stops the executors anyway
      }
      scheduler.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The agent runs this through a shell, as it would run the packaged thermos_executor script. */
  private static String executorCommand() {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return "exec " + Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:+UseSerialGC"
        + " -XX:TieredStopAtLevel=1 -cp " + classPath.replace(File.pathSeparator, ":")
        + " io.github.auroradist.executor.ThermosExecutorMain";
  }

  private static HttpResponse<String> post(URI uri, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(URI uri) throws Exception {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  /** Creates www-data/devel/{@code name}, a service asking for an {@code http} port, running {@code thermos}. */
  private static void createJob(URI api, String name, int instances, String thermos) throws Exception {
    ObjectNode job = JSON.createObjectNode();
    job.putObject("key").put("role", "www-data").put("environment", "devel").put("name", name);
    job.put("instanceCount", instances);
    ObjectNode task = job.putObject("taskConfig");
    task.put("isService", true);
    task.putObject("resources").put("cpu", 0.2).put("ramMb", 32).put("diskMb", 16).putArray("namedPorts").add("http");
    task.putObject("executorConfig").put("name", "AuroraExecutor").put("data", thermos);
    HttpResponse<String> created = post(api.resolve("/api/jobs"), JSON.writeValueAsString(job));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  /** A job shaped as Aurora's client writes it for Announcer(portmap={'alias': 'http'}). */
  @Test
  void anAnnouncerAliasBindsToThePortItLeadsTo() throws Exception {
    URI api = URI.create("http://127.0.0.1:" + scheduler.httpPort());
    String thermos = "{\"role\": \"www-data\", \"environment\": \"devel\", \"name\": \"aliased\","
        + " \"cluster\": \"e2e\", \"announce\": {\"primary_port\": \"http\", \"portmap\": {\"aurora\":"
        + " \"{{primary_port}}\", \"alias\": \"http\"}}, \"task\": {\"name\": \"aliased\", \"finalization_wait\": 5,"
        + " \"resources\": {\"cpu\": 0.2, \"ram\": 33554432, \"disk\": 16777216}, \"processes\": [{\"name\":"
        + " \"echo\", \"cmdline\": \"echo alias {{thermos.ports[alias]}} http {{thermos.ports[http]}};"
        + " exec sleep 600\"}]}}";
    // The client asks for the ports aliases lead to, never for the aliases themselves.
    createJob(api, "aliased", 1, thermos);

    URI tasks = api.resolve("/api/tasks?role=www-data&environment=devel&name=aliased&statuses=ACTIVE");
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(get(tasks).get("tasks")).extracting(t -> t.get("status").asText()).containsExactly("RUNNING"));
    JsonNode assigned = get(tasks).get("tasks").get(0).get("assignedTask");
    int http = assigned.get("assignedPorts").get("http").asInt();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      try (var files = Files.walk(dir.resolve("mesos"))) {
        var stdout = files.filter(p -> p.endsWith(Path.of("sandbox", ".logs", "echo", "0", "stdout"))
            && p.toString().contains("thermos-" + assigned.get("taskId").asText())).findFirst();
        assertThat(stdout).as("the process's stdout").isPresent();
        assertThat(Files.readString(stdout.get())).isEqualTo("alias " + http + " http " + http + "\n");
      }
    });
  }

  @Test
  void aTwoInstanceJobRunsUnderThermosWithCheckpointsForBoth() throws Exception {
    URI api = URI.create("http://127.0.0.1:" + scheduler.httpPort());
    // The Thermos configuration as Aurora's client writes it, opaque to the scheduler.
    String thermos = "{\"role\": \"www-data\", \"environment\": \"devel\", \"name\": \"hello\", \"cluster\": \"e2e\","
        + " \"task\": {\"name\": \"hello\", \"finalization_wait\": 5, \"resources\": {\"cpu\": 0.2,"
        + " \"ram\": 33554432, \"disk\": 16777216}, \"processes\": [{\"name\": \"hello\", \"cmdline\":"
        + " \"echo instance {{mesos.instance}} port {{thermos.ports[http]}}; exec sleep 600\"}]}}";
    createJob(api, "hello", 2, thermos);

    URI tasks = api.resolve("/api/tasks?role=www-data&environment=devel&name=hello&statuses=ACTIVE");
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Map<Integer, String> states = new TreeMap<>();
      for (JsonNode t : get(tasks).get("tasks")) {
        states.put(t.get("assignedTask").get("instanceId").asInt(), t.get("status").asText());
      }
      assertThat(states).isEqualTo(Map.of(0, "RUNNING", 1, "RUNNING"));
    });
    List<String> taskIds = new ArrayList<>();
    Map<String, Integer> ports = new TreeMap<>();
    for (JsonNode t : get(tasks).get("tasks")) {
      String id = t.get("assignedTask").get("taskId").asText();
      taskIds.add(id);
      ports.put(id, t.get("assignedTask").get("assignedPorts").get("http").asInt());
    }

    // The observer's view: every run directory's checkpoint, found under the agent's work dir.
    Map<String, TaskCheckpoint> checkpoints = new TreeMap<>();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      checkpoints.clear();
      try (var runs = Files.walk(dir.resolve("mesos"), 10)) {
        for (Path run : runs.filter(p -> p.getParent() != null && p.getParent().endsWith("runs")
            && !p.endsWith("latest")).toList()) {
          for (Path file : Checkpoints.list(run)) {
            TaskCheckpoint cp = Checkpoints.read(file);
            if (cp.header().jobName().equals("hello")) {
              checkpoints.put(cp.taskId(), cp);
            }
          }
        }
      }
      assertThat(checkpoints.keySet()).containsExactlyInAnyOrderElementsOf(taskIds);
      // A run is checkpointed as forked before its pid is: wait for both.
      for (TaskCheckpoint cp : checkpoints.values()) {
        assertThat(cp.state()).isEqualTo(TaskState.ACTIVE);
        assertThat(cp.header().ports()).containsEntry("http", ports.get(cp.taskId()));
        assertThat(cp.latestRun("hello").orElseThrow().pid()).isNotNull().isPositive();
      }
    });

    // Each instance ran its bound command line in its own sandbox.
    for (String id : taskIds) {
      try (var files = Files.walk(dir.resolve("mesos"))) {
        Path stdout = files.filter(p -> p.endsWith(Path.of("sandbox", ".logs", "hello", "0", "stdout"))
            && p.toString().contains("thermos-" + id)).findFirst().orElseThrow();
        assertThat(Files.readString(stdout)).contains("port " + ports.get(id));
      }
    }
  }
}
