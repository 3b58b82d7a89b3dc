package io.github.auroradist.observer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.local.LocalCluster;
import io.github.auroradist.emulator.testing.Clusters;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole worker path: the scheduler (in this JVM) takes a 2-instance job, the Mesos emulator's
 * agent starts the real thermos_executor as its own JVM for each task, and the observer, pointed
 * at the agent's work directory, lists both tasks with their bound ports, live processes and logs.
 */
class ClusterObserverEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void theObserverListsBothInstancesOfAJobRunUnderThermos() throws Exception {
    Path mesos = dir.resolve("mesos");
    try (LocalCluster cluster = Clusters.local(Clusters.fastMaster(), Clusters.fastAgent(mesos,
        "cpus:4;mem:4096;disk:20000;ports:[31000-31100]", "rack:r1"), 1, mesos)) {
      Scheduler scheduler = startScheduler(cluster);
      // As in production: --mesos-root is the agent's --work_dir (the local cluster gives each agent its own).
      Path workDir = cluster.agents().get(0).config().workDir();
      URI api = URI.create("http://127.0.0.1:" + scheduler.httpPort());
      try (RunningObserver observer = RunningObserver.start(workDir, Duration.ofMillis(500))) {
        HttpResponse<String> created = post(api.resolve("/api/jobs"), job());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        URI tasks = api.resolve("/api/tasks?role=www-data&environment=devel&name=hello&statuses=ACTIVE");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          Map<Integer, String> states = new TreeMap<>();
          for (JsonNode t : get(tasks).get("tasks")) {
            states.put(t.get("assignedTask").get("instanceId").asInt(), t.get("status").asText());
          }
          assertThat(states).isEqualTo(Map.of(0, "RUNNING", 1, "RUNNING"));
        });
        List<String> ids = new ArrayList<>();
        Map<String, Integer> ports = new TreeMap<>();
        for (JsonNode t : get(tasks).get("tasks")) {
          String id = t.get("assignedTask").get("taskId").asText();
          ids.add(id);
          ports.put(id, t.get("assignedTask").get("assignedPorts").get("http").asInt());
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(observer.json("/j/task_ids").path("active").toString())
                .contains(ids.get(0), ids.get(1)));
        String list = observer.ok("/main/active");
        assertThat(list).contains(ids.get(0), ids.get(1), "www-data/devel/hello/0", "www-data/devel/hello/1");

        for (String id : ids) {
          await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode task = observer.json("/j/task/" + id);
            assertThat(task.path("state").asText()).isEqualTo("ACTIVE");
            assertThat(task.path("ports").path("http").asInt()).isEqualTo(ports.get(id));
            assertThat(task.path("processes").path("hello").path("state").asText()).isEqualTo("RUNNING");
            assertThat(task.path("resources").path("used").path("processes")).hasSize(1);
            assertThat(observer.ok("/logs/" + id + "/hello/0/stdout")).contains("port " + ports.get(id));
          });
          assertThat(observer.ok("/task/" + id)).contains("RUNNING", "http: " + ports.get(id));
          assertThat(observer.ok("/browse/" + id)).contains(".logs/");
        }
      } finally {
        killAndWait(api);
        scheduler.close();
      }
    }
  }

  /**
   * Kills the job and waits until the scheduler has no active task left, so the executors stop
   * their processes themselves before the cluster goes; best effort (closing the cluster stops the
   * executors anyway), and a failure here never hides the test's own.
   */
  private static void killAndWait(URI api) {
    try {
      post(api.resolve("/api/jobs/www-data/devel/hello/kill"), "");
      URI active = api.resolve("/api/tasks?role=www-data&environment=devel&name=hello&statuses=ACTIVE");
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get(active).get("tasks").isEmpty());
    } catch (Exception | AssertionError e) {
      // the cluster's close stops what is left
    }
  }

  private Scheduler startScheduler(LocalCluster cluster) throws Exception {
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
    return Scheduler.start(SchedulerSettings.from(flags), e -> { throw new IllegalStateException(e); });
  }

  /** The job as Aurora's client sends it; the Thermos configuration is opaque to the scheduler. */
  private static String job() throws Exception {
    String thermos = "{\"role\": \"www-data\", \"environment\": \"devel\", \"name\": \"hello\", \"cluster\": \"e2e\","
        + " \"task\": {\"name\": \"hello\", \"finalization_wait\": 5, \"resources\": {\"cpu\": 0.2,"
        + " \"ram\": 33554432, \"disk\": 16777216}, \"processes\": [{\"name\": \"hello\", \"cmdline\":"
        + " \"echo instance {{mesos.instance}} port {{thermos.ports[http]}}; exec sleep 600\"}]}}";
    ObjectNode job = JSON.createObjectNode();
    job.putObject("key").put("role", "www-data").put("environment", "devel").put("name", "hello");
    job.put("instanceCount", 2);
    ObjectNode task = job.putObject("taskConfig");
    task.put("isService", true);
    task.putObject("resources").put("cpu", 0.2).put("ramMb", 32).put("diskMb", 16)
        .putArray("namedPorts").add("http");
    task.putObject("executorConfig").put("name", "AuroraExecutor").put("data", thermos);
    return JSON.writeValueAsString(job);
  }

  /** The agent runs this through a shell, as it would run the packaged thermos_executor script. */
  private static String executorCommand() {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return "exec " + Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:+UseSerialGC"
        + " -XX:TieredStopAtLevel=1 -cp " + classPath.replace(File.pathSeparator, ":")
        + " io.github.auroradist.executor.ThermosExecutorMain";
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> post(URI uri, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(URI uri) throws Exception {
    return JSON.readTree(text(uri));
  }

  private static String text(URI uri) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
    return r.body();
  }
}
