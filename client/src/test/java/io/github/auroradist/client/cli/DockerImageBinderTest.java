package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.emulator.testing.ImageRegistry;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.emulator.testing.TestImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code {{docker.image[name][tag]}}} against a real registry with an image built and pushed in the test: jobs are
 * created with the image pinned to its digest, a re-tag does not change what the job runs, and a missing image or
 * tag, an unreachable registry or a cluster without {@code docker_registry} stop the command before anything is
 * created.
 */
class DockerImageBinderTest {
  private static final String CONFIG = """
      hello = Process(name = 'hello', cmdline = 'cat /etc/os-release; sleep 600')
      task = Task(processes = [hello], resources = Resources(cpu = 0.1, ram = 16*MB, disk = 16*MB))
      def job(cluster, name, container):
        return Service(cluster = cluster, role = 'www-data', environment = 'devel', name = name, task = task,
                       container = container)
      jobs = [
        job('devcluster', 'engine', Docker(image = '{{docker.image[hello][v1]}}')),
        job('devcluster', 'unified', Mesos(image = DockerImage(name = '{{docker.image[hello][v1]}}', tag = 'v1'))),
        job('devcluster', 'notag', Docker(image = '{{docker.image[hello][nope]}}')),
        job('devcluster', 'noimage', Docker(image = '{{docker.image[nothere][v1]}}')),
        job('noregistry', 'engine', Docker(image = '{{docker.image[hello][v1]}}')),
        job('deadregistry', 'engine', Docker(image = '{{docker.image[hello][v1]}}')),
        job('noregistry', 'plain', Docker(image = 'hello:v1')),
      ]
      """;

  @TempDir static Path dir;
  static ImageRegistry registry;
  static LoopbackCluster cluster;
  static Path config;
  static String firstDigest;

  @BeforeAll
  static void start() throws Exception {
    registry = ImageRegistry.start(dir.resolve("registry"));
    firstDigest = push("first");
    cluster = LoopbackCluster.start(dir.resolve("cluster"), "-allowed_container_types=MESOS,DOCKER");
    String scheduler = "\"scheduler_uri\": \"http://127.0.0.1:" + cluster.httpPort() + "\"";
    ClientContext.clusterFiles = List.of(Files.writeString(dir.resolve("clusters.json"), "["
        + "{\"name\": \"devcluster\", " + scheduler + ", \"docker_registry\": \"" + registryUrl() + "\"},"
        + " {\"name\": \"noregistry\", " + scheduler + "},"
        + " {\"name\": \"deadregistry\", " + scheduler + ", \"docker_registry\": \"http://127.0.0.1:"
        + Ports.free() + "\"}]"));
    config = Files.writeString(dir.resolve("images.aurora"), CONFIG);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** Builds a busybox image whose os-release says {@code ID=<id>} and pushes it as hello:v1; returns its digest. */
  static String push(String id) throws Exception {
    return registry.push(TestImage.build(dir.resolve("image-" + id), id), "latest", "hello", "v1");
  }

  static String registryUrl() {
    return "http://" + registry.host();
  }

  /** The container of the job's first task, as the scheduler stored it. */
  static JsonNode storedContainer(String name) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + cluster.httpPort() + "/api/tasks?role=www-data&environment=devel&name=" + name))
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode tasks = new ObjectMapper().readTree(response.body()).get("tasks");
    assertThat(tasks).as(response.body()).isNotEmpty();
    return tasks.get(0).at("/assignedTask/task/container");
  }

  static List<String> jobNames() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + cluster.httpPort() + "/api/jobs?role=www-data")).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body()).findValuesAsText("name");
  }

  @Test
  void tagsArePinnedToTheirDigestAndARetagDoesNotChangeTheJob() throws Exception {
    String pinned = registry.host() + "/hello@" + firstDigest;
    AuroraCliTest.Result engine = aurora("job", "create", "devcluster/www-data/devel/engine", config.toString());
    assertThat(engine.code()).as(engine.err()).isZero();
    assertThat(storedContainer("engine").at("/docker/image").asText()).isEqualTo(pinned);

    AuroraCliTest.Result unified = aurora("job", "create", "devcluster/www-data/devel/unified", config.toString());
    assertThat(unified.code()).as(unified.err()).isZero();
    JsonNode image = storedContainer("unified").at("/mesos/image/docker");
    assertThat(image.get("name").asText()).isEqualTo(registry.host() + "/hello");
    assertThat(image.get("tag").asText()).isEqualTo(firstDigest);
    // The file resolves to what the scheduler holds: job diff compares containers too, and finds none changed.
    assertThat(aurora("job", "diff", "devcluster/www-data/devel/unified", config.toString()).out())
        .startsWith("No differences");

    // Someone pushes another image under the same tag: the job keeps the image it was created with ...
    String secondDigest = push("second");
    assertThat(secondDigest).isNotEqualTo(firstDigest);
    assertThat(storedContainer("engine").at("/docker/image").asText()).isEqualTo(pinned);
    // ... while the configuration now names the new one, for an update to roll out on purpose.
    AuroraCliTest.Result inspect = aurora("job", "inspect", "devcluster/www-data/devel/engine", config.toString());
    assertThat(inspect.out()).contains("container: DOCKER " + registry.host() + "/hello@" + secondDigest);
  }

  @Test
  void aMissingTagOrImageIsAConfigurationErrorBeforeAnythingIsCreated() throws Exception {
    AuroraCliTest.Result notag = aurora("job", "create", "devcluster/www-data/devel/notag", config.toString());
    assertThat(notag.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(notag.err()).contains("{{docker.image[hello][nope]}}: the registry " + registryUrl()
        + " has no such image (MANIFEST_UNKNOWN");
    AuroraCliTest.Result noimage = aurora("job", "create", "devcluster/www-data/devel/noimage", config.toString());
    assertThat(noimage.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(noimage.err()).contains("{{docker.image[nothere][v1]}}: the registry", "has no such image");
    assertThat(jobNames()).doesNotContain("notag", "noimage");
  }

  @Test
  void withoutAReachableRegistryTheBinderSaysWhatToFix() throws Exception {
    AuroraCliTest.Result none = aurora("job", "create", "noregistry/www-data/devel/engine", config.toString());
    assertThat(none.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(none.err()).contains("cluster noregistry has no docker_registry in clusters.json");
    AuroraCliTest.Result dead = aurora("job", "create", "deadregistry/www-data/devel/engine", config.toString());
    assertThat(dead.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(dead.err()).contains("{{docker.image[hello][v1]}}: cannot reach the Docker registry");
    // A job that names its image plainly needs no registry.
    AuroraCliTest.Result plain = aurora("job", "inspect", "noregistry/www-data/devel/plain", config.toString());
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(plain.out()).contains("container: DOCKER hello:v1");
  }
}
