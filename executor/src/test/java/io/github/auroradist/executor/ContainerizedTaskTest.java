package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.HostJava;
import io.github.auroradist.emulator.testing.HostTools;
import io.github.auroradist.emulator.testing.PublishedImage;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.Tasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.Volume;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real executor with containers built as Aurora's scheduler builds them, on the Mesos emulator,
 * with a real registry and image: a MESOS task runs its processes and health check inside the image
 * with its volumes, as the role's user added to the image; a DOCKER task runs the executor itself in
 * a Podman container.
 */
class ContainerizedTaskTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OS_ID = "executor-test-image";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  static PublishedImage image;
  static EmulatorCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    HostTools.assumeRoot();
    HostTools.require("podman", "podman");
    HostTools.require("unshare", "util-linux");
    image = PublishedImage.start(dir, OS_ID);
    cluster = EmulatorCluster.builder(dir.resolve("mesos")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (image != null) {
      image.close();
    }
  }

  private static TaskInfo task(Offer offer, String taskId, ExecutorInfo executor, ObjectNode thermos)
      throws Exception {
    return ExecutorOnEmulatorTest.thermosTask(offer, taskId, executor, JSON.writeValueAsString(thermos));
  }

  private static ObjectNode thermos(String cmdline) {
    ObjectNode thermos = JSON.createObjectNode();
    thermos.put("role", "www-data").put("environment", "prod").put("name", "hello");
    ObjectNode task = thermos.putObject("task").put("name", "hello").put("finalization_wait", 1);
    task.putArray("processes").addObject().put("name", "hello").put("cmdline", cmdline);
    return thermos;
  }

  private static Path runDir(Offer offer, SchedulerConnection scheduler, String executorId) {
    return cluster.runs(offer.getAgentId().getValue(), scheduler.frameworkId.getValue(), executorId).resolve("latest");
  }

  private static Volume volume(String containerPath, Path host, Volume.Mode mode) {
    return Volume.newBuilder().setContainerPath(containerPath).setHostPath(host.toString()).setMode(mode).build();
  }

  /** The host's mounts under this test's directory (others, e.g. Podman's, come and go meanwhile). */
  private static Set<String> mounts() throws Exception {
    Set<String> ours = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      if (line.contains(dir.toString())) {
        ours.add(line);
      }
    }
    return ours;
  }

  @Test
  void aMesosImageTaskRunsItsProcessesAndHealthCheckInsideTheImageWithItsVolumes() throws Exception {
    Path ro = Files.createDirectories(dir.resolve("ro"));
    Path rw = Files.createDirectories(dir.resolve("rw"));
    Files.setPosixFilePermissions(rw, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(ro.resolve("config"), "from the host\n");
    Set<String> before = mounts();
    ContainerInfo container = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
        .setMesos(ContainerInfo.MesosInfo.getDefaultInstance())
        .addVolumes(Volume.newBuilder().setContainerPath("taskfs").setMode(Volume.Mode.RO)
            .setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                .setDocker(Image.Docker.newBuilder().setName(image.byDigest()))))
        .addVolumes(volume("/etc/app", ro, Volume.Mode.RO))
        .addVolumes(volume("/var/data", rw, Volume.Mode.RW)).build();
    String executorId = "thermos-image";
    ExecutorInfo base = ExecutorOnEmulatorTest.thermosExecutor(executorId);
    // Without --nosetuid: the processes run as the role's user, whom the executor adds to the image.
    ExecutorInfo executor = base.toBuilder().setCommand(base.getCommand().toBuilder()
        .setValue(base.getCommand().getValue().replace(" --nosetuid", ""))).setContainer(container).build();
    ObjectNode thermos = thermos("cat /etc/os-release; cat /etc/app/config; echo sandbox=$MESOS_SANDBOX;"
        + " echo pwd=$(pwd); echo user=$(id -un);"
        + " touch /etc/app/x 2>/dev/null && echo ro-written || echo ro-refused;"
        + " echo kept > /var/data/out && echo rw-written; exec sleep 600");
    thermos.putObject("health_check_config").put("initial_interval_secs", 0).put("interval_secs", 0.2)
        .put("max_consecutive_failures", 0).putObject("health_checker").putObject("shell")
        .put("shell_command", "grep -q ID=" + OS_ID + " /etc/os-release");
    try (SchedulerConnection scheduler = cluster.subscribe(SchedulerConnection.framework("aurora").build())) {
      Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      scheduler.call(Tasks.launch(offer, List.of(task(offer, "image-task", executor, thermos))));
      scheduler.awaitUpdateAcking("image-task", TaskState.TASK_RUNNING, WAIT);
      Path stdout = runDir(offer, scheduler, executorId).resolve("sandbox/.logs/hello/0/stdout");
      await().atMost(WAIT).until(() -> Files.exists(stdout) && Files.readString(stdout).contains("rw-written"));
      assertThat(Files.readString(stdout)).contains("ID=" + OS_ID, "from the host",
          "sandbox=/mnt/mesos/sandbox/sandbox", "pwd=/mnt/mesos/sandbox/sandbox", "user=www-data", "ro-refused")
          .doesNotContain("ro-written");
      assertThat(ro.resolve("x")).doesNotExist();
      assertThat(rw.resolve("out")).hasContent("kept");
      assertThat(mounts()).anyMatch(m -> m.contains("/taskfs "));

      scheduler.call(Tasks.kill("image-task", offer.getAgentId()));
      scheduler.awaitUpdateAcking("image-task", TaskState.TASK_KILLED, WAIT);
      await().atMost(WAIT).untilAsserted(() -> assertThat(mounts()).isEqualTo(before));
    }
  }

  @Test
  void aDockerTaskRunsTheExecutorInAContainerFromTheImage() throws Exception {
    String executorId = "thermos-docker";
    ExecutorInfo base = ExecutorOnEmulatorTest.thermosExecutor(executorId);
    ContainerInfo.Builder container = ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage(image.byTag())
            .setNetwork(ContainerInfo.DockerInfo.Network.HOST));
    // The image has no Java: the host's runtime (its /usr, with the dynamic loader the image's /lib64
    // link finds) and the executor's class path come in as global mounts.
    for (Path top : HostJava.mountTops()) {
      container.addVolumes(volume(top.toString(), top, Volume.Mode.RO));
    }
    ExecutorInfo executor = base.toBuilder().setContainer(container).build();
    try (SchedulerConnection scheduler = cluster.subscribe(SchedulerConnection.framework("aurora").build())) {
      Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      scheduler.call(Tasks.launch(offer, List.of(task(offer, "docker-task", executor,
          thermos("cat /etc/os-release; echo sandbox=$MESOS_SANDBOX; exec sleep 600")))));
      scheduler.awaitUpdateAcking("docker-task", TaskState.TASK_RUNNING, WAIT);
      Path stdout = runDir(offer, scheduler, executorId).resolve("sandbox/.logs/hello/0/stdout");
      await().atMost(WAIT).until(() -> Files.exists(stdout) && Files.readString(stdout).contains("sandbox="));
      assertThat(Files.readString(stdout)).contains("ID=" + OS_ID, "sandbox=/mnt/mesos/sandbox/sandbox");
      scheduler.call(Tasks.kill("docker-task", offer.getAgentId()));
      scheduler.awaitUpdateAcking("docker-task", TaskState.TASK_KILLED, WAIT);
    }
  }
}
