package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.EmulatorClusterExtension;
import io.github.auroradist.emulator.testing.HostTools;
import io.github.auroradist.emulator.testing.PublishedImage;
import io.github.auroradist.scheduler.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job from an image, the whole way: {@code aurora job create} pins the tag through a real registry, the scheduler
 * sends the image, the emulator's agent provisions it, and the real Thermos executor runs the process inside it.
 */
class ImageJobEndToEndTest {
  static final String ROLE = System.getProperty("user.name");
  static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  static final EmulatorClusterExtension MESOS = new EmulatorClusterExtension(b -> b.zooKeeper().standardAgents());

  @TempDir static Path dir;
  static PublishedImage image;
  static Scheduler scheduler;

  @BeforeAll
  static void start() throws Exception {
    HostTools.assumeRoot();
    image = PublishedImage.start(dir.resolve("images"), "image-job-test");
    EmulatorCluster mesos = MESOS.cluster();
    scheduler = Scheduler.start(LoopbackCluster.settings(LoopbackCluster.initializedLog(dir.resolve("db")),
        "-zk_endpoints=" + mesos.zkConnectString(), "-serverset_path=/aurora/scheduler",
        "-mesos_master_address=" + mesos.zkUrl(),
        "-thermos_executor_path=" + EndToEndTest.thermosExecutor(), "-thermos_executor_flags=--nosetuid",
        "-thermos_executor_cpu=0.1", "-thermos_executor_ram=96MB"), e -> { });
    String zk = mesos.zkConnectString();
    ClientContext.clusterFiles = List.of(Files.writeString(dir.resolve("clusters.json"),
        "[{\"name\": \"devcluster\", \"zk\": \"" + zk.substring(0, zk.lastIndexOf(':')) + "\", \"zk_port\": "
            + zk.substring(zk.lastIndexOf(':') + 1) + ", \"docker_registry\": \"http://"
            + image.registry().host() + "\"}]"));
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
    Result created = aurora("job", "create", "--wait-until", "RUNNING", key, file.toString());
    assertThat(created.code()).as(created.out() + created.err()).isZero();

    ScheduledTask task = scheduler.storage().read().tasks(t -> t.status() == ScheduleStatus.RUNNING).get(0);
    // The tag was pinned to the digest the registry has, before the job was sent.
    String digest = image.byDigest().substring(image.byDigest().indexOf('@') + 1);
    assertThat(task.assignedTask().task().container().mesos().image().docker().tag()).isEqualTo(digest);
    Path stdout = MESOS.cluster().runs(task.assignedTask().agentId(),
        scheduler.storage().read().frameworkId().orElseThrow(), "thermos-" + task.taskId())
        .resolve("latest/sandbox/.logs/hello/0/stdout");
    await().atMost(WAIT).until(() -> Files.exists(stdout) && Files.readString(stdout).contains("ID="));
    assertThat(Files.readString(stdout)).contains("ID=image-job-test");

    Result killed = aurora("job", "killall", key);
    assertThat(killed.code()).as(killed.out() + killed.err()).isZero();
  }
}
