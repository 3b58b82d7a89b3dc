package io.github.auroradist.emulator.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.emulator.resources.ResourceSet;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.HostTools;
import io.github.auroradist.emulator.testing.PublishedImage;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.Tasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's containers with a real registry, a real image and real mounts, cgroups and Podman:
 * command tasks with a MESOS image volume (provisioned, bound at {@code taskfs}, gone afterwards),
 * DOCKER tasks in Podman, and memory limits that end a task as Mesos reports it.
 */
class ContainersOnAgentTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String OS_ID = "emulator-test-image";
  /** Replaced by the offer's agent when the task is launched. */
  private static final AgentID PENDING = AgentID.newBuilder().setValue("pending").build();

  @TempDir
  static Path dir;

  static PublishedImage image;
  static EmulatorCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    HostTools.assumeRoot();
    HostTools.require("podman", "podman");
    image = PublishedImage.start(dir, OS_ID);
    cluster = EmulatorCluster.builder(dir.resolve("mesos")).resources("cpus:4;mem:4096;disk:20000")
        .agent(c -> c.withIsolation(Isolation.parse("cgroups/cpu,cgroups/mem"))).start();
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

  private static TaskInfo task(String id, AgentID agent, String command, double mem, ContainerInfo container) {
    TaskInfo.Builder t = Tasks.commandTask(id, agent, command).toBuilder().clearResources()
        .addResources(Tasks.scalar("cpus", 0.5)).addResources(Tasks.scalar("mem", mem));
    if (container != null) {
      t.setContainer(container);
    }
    return t.build();
  }

  private static ContainerInfo mesosImage(String name) {
    return ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
        .setMesos(ContainerInfo.MesosInfo.getDefaultInstance())
        .addVolumes(Volume.newBuilder().setContainerPath("taskfs").setMode(Volume.Mode.RO)
            .setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                .setDocker(Image.Docker.newBuilder().setName(name)))).build();
  }

  /** Runs the task to its end; returns its last status. */
  private static TaskStatus run(TaskInfo.Builder task, TaskState end) throws Exception {
    try (SchedulerConnection scheduler = cluster.subscribe(SchedulerConnection.framework("containers").build())) {
      // An offer with the task's resources (a previous task's may not be back yet).
      ResourceSet needs = ResourceSet.of(task.getResourcesList());
      Offer offer = scheduler.awaitOffer(o -> ResourceSet.of(o.getResourcesList()).contains(needs), WAIT,
          "offer of " + needs);
      TaskInfo t = task.setAgentId(offer.getAgentId()).build();
      scheduler.call(Tasks.launch(offer, List.of(t)));
      return scheduler.awaitUpdateAcking(t.getTaskId().getValue(), end, WAIT);
    }
  }

  private String sandboxFile(TaskStatus status, String file) throws Exception {
    Path runs;
    try (Stream<Path> found = Files.walk(dir.resolve("mesos"))) {
      runs = found.filter(p -> p.endsWith(Path.of("executors", status.getTaskId().getValue(), "runs")))
          .findFirst().orElseThrow();
    }
    return Files.readString(runs.resolve("latest").resolve(file));
  }

  /** The host's mounts under this test's directory (others, e.g. Podman's, come and go meanwhile). */
  private static List<String> mounts() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(m -> m.contains(dir.toString()))
        .toList();
  }

  @Test
  void aMesosImageVolumeIsProvisionedAndBoundAtTaskfsThenRemoved() throws Exception {
    List<String> before = mounts();
    TaskStatus finished = run(task("image", PENDING,
        "cat taskfs/etc/os-release && grep \" $PWD/taskfs \" /proc/self/mountinfo && cat /proc/self/cgroup", 64,
        mesosImage(image.byDigest())).toBuilder(), TaskState.TASK_FINISHED);
    String stdout = sandboxFile(finished, "stdout");
    String containerId = finished.getContainerStatus().getContainerId().getValue();
    assertThat(stdout).contains("ID=" + OS_ID, "/provisioner/containers/" + containerId + "/backends/copy/rootfses/",
        "/mesos/" + containerId);
    assertThat(mounts()).isEqualTo(before);
    Path provisioned = cluster.agent(0).config().workDir().resolve("provisioner/containers").resolve(containerId);
    assertThat(provisioned).doesNotExist();
  }

  @Test
  void aMissingImageFailsTheTaskNamingTheImage() throws Exception {
    String missing = image.registry().host() + "/test/missing:v1";
    TaskStatus failed = run(task("missing", PENDING, "true", 32, mesosImage(missing))
        .toBuilder(), TaskState.TASK_FAILED);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
    assertThat(failed.getMessage()).contains("Failed to pull image '" + missing + "'").contains("manifest unknown");
  }

  @Test
  void aTaskOverItsMemoryLimitFailsAsMesosReportsIt() throws Exception {
    TaskStatus failed = run(task("hog", PENDING,
        "dd if=/dev/zero of=/dev/null bs=256M count=1", 32, null).toBuilder(), TaskState.TASK_FAILED);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
    assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
    assertThat(failed.getMessage()).startsWith("Memory limit exceeded: Requested: 32MB Maximum Used: ");
  }

  @Test
  void aDockerTaskOverItsMemoryLimitFailsAsMesosReportsIt() throws Exception {
    ContainerInfo docker = ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage(image.byTag())
            .setNetwork(ContainerInfo.DockerInfo.Network.HOST)).build();
    TaskStatus failed = run(task("docker-hog", PENDING, "dd if=/dev/zero of=/dev/null bs=256M count=1", 64, docker)
        .toBuilder(), TaskState.TASK_FAILED);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
    assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
    assertThat(failed.getMessage()).startsWith("Memory limit exceeded: Requested: 64MB Maximum Used: ");
    String containerId = failed.getContainerStatus().getContainerId().getValue();
    try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      assertThat(hierarchies.map(h -> h.resolve("mesos").resolve(containerId))).noneMatch(Files::exists);
    }
  }

  @Test
  void aDockerTaskRunsInPodmanWithTheSandboxVolumesAndParameters() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("hello"), "hello from the host\n");
    ContainerInfo docker = ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage(image.byTag())
            .setNetwork(ContainerInfo.DockerInfo.Network.HOST)
            .addParameters(Parameter.newBuilder().setKey("env").setValue("FROM_PARAMETER=yes")))
        .addVolumes(Volume.newBuilder().setContainerPath("/data").setHostPath(data.toString())
            .setMode(Volume.Mode.RO)).build();
    TaskStatus finished = run(task("docker", PENDING,
        "cat /etc/os-release; echo sandbox=$MESOS_SANDBOX; cat /data/hello; echo param=$FROM_PARAMETER;"
        + " echo written > $MESOS_SANDBOX/written; touch /data/refused || echo read-only", 256, docker).toBuilder(),
        TaskState.TASK_FINISHED);
    String stdout = sandboxFile(finished, "stdout");
    assertThat(stdout).contains("ID=" + OS_ID, "sandbox=/mnt/mesos/sandbox", "hello from the host",
        "param=yes", "read-only");
    assertThat(sandboxFile(finished, "written")).isEqualTo("written\n");
    assertThat(data.resolve("refused")).doesNotExist();
    assertThat(HostTools.run(List.of("podman", "ps", "--all", "--format", "{{.Names}}")))
        .doesNotContain("mesos-" + finished.getContainerStatus().getContainerId().getValue());
  }
}
