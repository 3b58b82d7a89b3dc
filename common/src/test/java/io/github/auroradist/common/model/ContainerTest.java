package io.github.auroradist.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerTest {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  private static List<String> problems(Container c) {
    return ContainerChecks.violations("taskConfig.container", c, Limits.STANDARD).stream()
        .map(Limits.Violation::toString).toList();
  }

  /** Tasks stored (snapshots, log entries, API clients) before containers existed have no container field. */
  @Test
  void taskConfigWithoutContainerFieldLoadsAsHostFileSystem() throws Exception {
    ObjectNode old = (ObjectNode) ModelJson.mapper().readTree(ModelJson.write(ModelJsonTest.config()));
    old.remove("container");
    assertThat(old.has("container")).isFalse();
    TaskConfig read = ModelJson.read(old.toString(), TaskConfig.class);
    assertThat(read.container()).isNull();
    assertThat(read).isEqualTo(ModelJsonTest.config());
  }

  @Test
  void containersRoundTripInAurorasShape() throws Exception {
    Container mesos = Container.mesos(Container.Image.docker("registry.example.com:5000/team/app", "1.2"),
        List.of(new Volume("/etc/app", "/srv/app/etc", Volume.Mode.RO)));
    TaskConfig task = ModelJsonTest.config().withContainer(mesos);
    JsonNode node = ModelJson.mapper().readTree(ModelJson.write(task));
    assertThat(node.at("/container/mesos/image/docker/name").asText()).isEqualTo("registry.example.com:5000/team/app");
    assertThat(node.at("/container/mesos/volumes/0/mode").asText()).isEqualTo("RO");
    assertThat(node.at("/container").has("docker")).isFalse();
    assertThat(ModelJson.read(ModelJson.write(task), TaskConfig.class)).isEqualTo(task);

    Container docker = Container.docker("debian:bookworm", List.of(new Container.DockerParameter("env", "A=1")));
    TaskConfig dockerTask = task.withContainer(docker);
    assertThat(ModelJson.read(ModelJson.write(dockerTask), TaskConfig.class).container()).isEqualTo(docker);
    assertThat(docker.type()).isEqualTo(Container.Type.DOCKER);
    assertThat(mesos.type()).isEqualTo(Container.Type.MESOS);
  }

  @Test
  void validContainersPass() {
    assertThat(problems(Container.docker("debian", List.of()))).isEmpty();
    assertThat(problems(Container.docker("localhost:5000/team/app-x_y.z:v1.2-rc@" + DIGEST, List.of(
        new Container.DockerParameter("memory-swap", "1g"))))).isEmpty();
    assertThat(problems(Container.docker("127.0.0.1:5000/busybox@" + DIGEST, List.of()))).isEmpty();
    assertThat(problems(Container.mesos(Container.Image.docker("library/debian", "bookworm"), List.of()))).isEmpty();
    assertThat(problems(Container.mesos(Container.Image.docker("127.0.0.1:5000/app", DIGEST), List.of()))).isEmpty();
    assertThat(problems(Container.mesos(Container.Image.appc("example.com/app", "sha512-" + "ab".repeat(32)),
        List.of(new Volume("/data", "/srv/data", Volume.Mode.RW))))).isEmpty();
    assertThat(problems(Container.mesos(null, List.of()))).isEmpty();
  }

  @Test
  void imageReferencesFollowDockersGrammar() {
    assertThat(problems(Container.docker("Debian:bookworm", List.of()))).singleElement().asString()
        .startsWith("taskConfig.container.docker.image: 'Debian:bookworm' is not a Docker image reference")
        .contains("lower-case");
    assertThat(problems(Container.docker("debian:.bad", List.of()))).hasSize(1);
    assertThat(problems(Container.docker("", List.of()))).singleElement().asString()
        .contains("give the image");
    assertThat(problems(Container.docker("a".repeat(256) + ":1", List.of()))).hasSize(1);
    assertThat(problems(Container.mesos(Container.Image.docker("debian:bookworm", "latest"), List.of())))
        .singleElement().asString().startsWith("taskConfig.container.mesos.image.docker.name:")
        .contains("without the tag");
    assertThat(problems(Container.mesos(Container.Image.docker("debian", "-x"), List.of())))
        .singleElement().asString().startsWith("taskConfig.container.mesos.image.docker.tag:");
    assertThat(problems(Container.mesos(Container.Image.appc("App", "nohash"), List.of())))
        .containsExactly("taskConfig.container.mesos.image.appc.name: 'App' is not an Appc image name; write"
            + " lower-case letters and digits separated by - . _ ~ or /, e.g. example.com/app",
            "taskConfig.container.mesos.image.appc.imageId: 'nohash' is not an Appc image id; write <hash>-<hex>,"
            + " e.g. sha512-0123abcd...");
  }

  @Test
  void volumesNeedAbsolutePathsWithoutDotDotAndAMode() {
    Container bad = Container.mesos(null, List.of(new Volume("data", "/srv/../etc", null),
        new Volume("/", "/srv", Volume.Mode.RO)));
    assertThat(problems(bad)).containsExactly(
        "taskConfig.container.mesos.volumes[0].containerPath: 'data' is not an absolute path; start it with /",
        "taskConfig.container.mesos.volumes[0].hostPath: '/srv/../etc' has a '..' component; write the path it"
            + " leads to",
        "taskConfig.container.mesos.volumes[0].mode: give RO (read-only) or RW (read-write)",
        "taskConfig.container.mesos.volumes[1].containerPath: cannot be / (the image's root); mount the volume at a"
            + " directory under it");
  }

  @Test
  void parametersAndUnionsAreChecked() {
    assertThat(problems(Container.docker("debian", List.of(new Container.DockerParameter("--env", "A=1")))))
        .singleElement().asString().startsWith("taskConfig.container.docker.parameters[0].name: '--env' is not a"
            + " docker run option name");
    assertThat(problems(new Container(null, null))).singleElement().asString()
        .isEqualTo("taskConfig.container: give exactly one of mesos (Mesos(...)) or docker (Docker(...))");
    List<Volume> many = java.util.Collections.nCopies(101, new Volume("/a", "/b", Volume.Mode.RO));
    assertThat(problems(Container.mesos(null, many))).singleElement().asString()
        .isEqualTo("taskConfig.container.mesos.volumes: 101 volumes, at most 100 are accepted");
  }

  @Test
  void limitsCoverTheJobsContainer() {
    TaskConfig task = ModelJsonTest.config().withContainer(Container.docker("BAD", List.of()));
    JobConfiguration job = new JobConfiguration(task.job(), task.owner(), null, null, 1, task);
    assertThat(Limits.STANDARD.violations(job)).extracting(Limits.Violation::field)
        .containsExactly("taskConfig.container.docker.image");
  }

  @Test
  void referencesPinDigests() {
    assertThat(ContainerChecks.reference(new Container.DockerImage("debian", "bookworm"))).isEqualTo("debian:bookworm");
    assertThat(ContainerChecks.reference(new Container.DockerImage("h:5000/debian", DIGEST)))
        .isEqualTo("h:5000/debian@" + DIGEST);
  }
}
