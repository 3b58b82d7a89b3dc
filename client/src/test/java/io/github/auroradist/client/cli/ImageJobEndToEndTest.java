package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.EmulatorClusterExtension;
import io.github.auroradist.emulator.testing.HostJava;
import io.github.auroradist.emulator.testing.HostTools;
import io.github.auroradist.emulator.testing.PublishedImage;
import io.github.auroradist.scheduler.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs from images, the whole way: {@code aurora job create} pins the tag through a real registry, the scheduler
 * sends the image, the emulator's agent provisions it (Mesos containerizer) or runs the executor in it (Docker, with
 * Podman), and the real Thermos executor runs the process inside it. Aurora's own container examples run here as
 * they are, only their images pointed at the test's registry.
 */
class ImageJobEndToEndTest {
  static final String ROLE = System.getProperty("user.name");
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String OS_ID = "image-job-test";

  @RegisterExtension
  static final EmulatorClusterExtension MESOS = new EmulatorClusterExtension(b -> b.zooKeeper().standardAgents());

  @TempDir static Path dir;
  static PublishedImage image;
  static Scheduler scheduler;

  @BeforeAll
  static void start() throws Exception {
    HostTools.assumeRoot();
    image = PublishedImage.start(dir.resolve("images"), OS_ID);
    EmulatorCluster mesos = MESOS.cluster();
    // Docker jobs run the executor inside the image, which has no Java: the host's comes in as global mounts.
    String javaMounts = HostJava.mountTops().stream().map(p -> p + ":" + p + ":ro")
        .collect(Collectors.joining(","));
    scheduler = Scheduler.start(LoopbackCluster.settings(LoopbackCluster.initializedLog(dir.resolve("db")),
        "-zk_endpoints=" + mesos.zkConnectString(), "-serverset_path=/aurora/scheduler",
        "-mesos_master_address=" + mesos.zkUrl(),
        "-thermos_executor_path=" + EndToEndTest.thermosExecutor(), "-thermos_executor_flags=--nosetuid",
        "-thermos_executor_cpu=0.1", "-thermos_executor_ram=96MB",
        "-allowed_container_types=MESOS,DOCKER", "-global_container_mounts=" + javaMounts), e -> { });
    String zk = mesos.zkConnectString();
    ClientContext.clusterFiles = List.of(Files.writeString(dir.resolve("clusters.json"),
        "[{\"name\": \"devcluster\", \"zk\": \"" + zk.substring(0, zk.lastIndexOf(':')) + "\", \"zk_port\": "
            + zk.substring(zk.lastIndexOf(':') + 1) + ", \"docker_registry\": \"http://"
            + image.registry().host() + "\"}]"));
    // The scheduler announces itself in ZooKeeper once it leads, which can be after start() returns.
    await().atMost(WAIT).until(() -> aurora("job", "list", "devcluster").code() == 0);
  }

  @AfterAll
  static void stop() {
    ClientContext.clusterFiles = null;
    if (scheduler != null) {
      scheduler.close();
    }
    if (image != null) {
      image.close();
    }
  }

  @Test
  void aJobFromAnImageRunsItsProcessInsideTheImage() throws Exception {
    Path file = Files.writeString(dir.resolve("hello_image.aurora"), """
        hello = Process(name = 'hello', cmdline = 'cat /etc/os-release; sleep 600')
        jobs = [Service(cluster = 'devcluster', role = '%s', environment = 'devel', name = 'hello_image',
          task = Task(processes = [hello], resources = Resources(cpu = 0.2, ram = 32*MB, disk = 16*MB)),
          container = Mesos(image = DockerImage(name = '{{docker.image[test/busybox][v1]}}', tag = 'v1')))]
        """.formatted(ROLE));
    String key = "devcluster/" + ROLE + "/devel/hello_image";
    ScheduledTask task = create(key, file);
    // The tag was pinned to the digest the registry has, before the job was sent.
    String digest = image.byDigest().substring(image.byDigest().indexOf('@') + 1);
    assertThat(task.assignedTask().task().container().mesos().image().docker().tag()).isEqualTo(digest);
    assertThat(awaitOutput(task, "ID=")).contains("ID=" + OS_ID);
    killAll(key);
  }

  /** Aurora's examples/jobs/hello_docker_image.aurora: Mesos(image = DockerImage(name, tag)). */
  @Test
  void aurorasHelloDockerImageExampleRunsInTheImage() throws Exception {
    String key = "devcluster/www-data/devel/hello_docker_image";
    ScheduledTask task = create(key, example("hello_docker_image.aurora"));
    assertThat(task.assignedTask().task().container().mesos().image().docker().name())
        .isEqualTo(image.registry().host() + "/test/busybox");
    assertThat(awaitOutput(task, "hello world from")).contains("hello world from ID=" + OS_ID);
    killAll(key);
  }

  /** Aurora's examples/jobs/hello_docker_engine.aurora: Docker(image = ...), by name and through the binder. */
  @Test
  void aurorasHelloDockerEngineExampleRunsBothJobsInTheImage() throws Exception {
    Path file = example("hello_docker_engine.aurora");
    for (String job : List.of("hello_docker_engine", "hello_docker_engine_binding")) {
      String key = "devcluster/www-data/devel/" + job;
      ScheduledTask task = create(key, file);
      assertThat(task.assignedTask().task().container().docker().image())
          .isEqualTo(job.endsWith("binding") ? image.byDigest() : image.byTag());
      assertThat(awaitOutput(task, "hello world from")).contains("hello world from ID=" + OS_ID);
      killAll(key);
    }
  }

  private static Path example(String name) throws Exception {
    return Path.of(ImageJobEndToEndTest.class.getResource("/aurora-examples/" + name).toURI());
  }

  /** {@code aurora job create --wait-until RUNNING}; returns the job's running task. */
  private static ScheduledTask create(String key, Path file) {
    Result created = aurora("job", "create", "--wait-until", "RUNNING", "--bind",
        "registry=" + image.registry().host(), key, file.toString());
    assertThat(created.code()).as(created.out() + created.err()).isZero();
    String name = key.substring(key.lastIndexOf('/') + 1);
    return scheduler.storage().read().tasks(t -> t.status() == ScheduleStatus.RUNNING
        && t.assignedTask().task().job().name().equals(name)).get(0);
  }

  /** The task's process {@code hello}'s stdout, once it holds {@code text}. */
  private static String awaitOutput(ScheduledTask task, String text) throws Exception {
    Path stdout = MESOS.cluster().runs(task.assignedTask().agentId(),
        scheduler.storage().read().frameworkId().orElseThrow(), "thermos-" + task.taskId())
        .resolve("latest/sandbox/.logs/hello/0/stdout");
    await().atMost(WAIT).until(() -> Files.exists(stdout) && Files.readString(stdout).contains(text));
    return Files.readString(stdout);
  }

  private static void killAll(String key) {
    Result killed = aurora("job", "killall", key);
    assertThat(killed.code()).as(killed.out() + killed.err()).isZero();
  }
}
