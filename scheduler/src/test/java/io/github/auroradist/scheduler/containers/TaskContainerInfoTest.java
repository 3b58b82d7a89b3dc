package io.github.auroradist.scheduler.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.Container;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.Volume;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.mesos.TaskInfoFactory;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Volume.Mode;
import org.junit.jupiter.api.Test;

/** The executor's ContainerInfo in the TaskInfo, in the shapes Aurora sends (the agent's containerizer reads it). */
class TaskContainerInfoTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final List<Volume> GLOBAL = List.of(new Volume("/mnt/keys", "/opt/keys", Volume.Mode.RO));

  private static ExecutorInfo executor(Container container, List<Volume> globalMounts) {
    JobKey key = new JobKey("www-data", "prod", "hello");
    AssignedTask task = new AssignedTask("task-1", "agent-1", "host1",
        TestTasks.config(key, true).withContainer(container), Map.of(), 0);
    TaskInfoFactory factory = new TaskInfoFactory(new SchedulerSettings.ExecutorSettings("/usr/bin/thermos_executor",
        List.of(), "", 0.25, 128), "devcluster", false, globalMounts);
    return factory.build(task, FrameworkID.newBuilder().setValue("fw").build(),
        AgentID.newBuilder().setValue("agent-1").build(), List.of(), List.of()).getExecutor();
  }

  private static org.apache.mesos.v1.Protos.Volume hostVolume(String containerPath, String hostPath, Mode mode) {
    return org.apache.mesos.v1.Protos.Volume.newBuilder().setContainerPath(containerPath).setHostPath(hostPath)
        .setMode(mode).build();
  }

  @Test
  void mesosImageIsTheTaskFileSystemAfterGlobalMountsAndTheJobsVolumes() {
    ExecutorInfo executor = executor(Container.mesos(Container.Image.docker("127.0.0.1:5000/app", "v1"),
        List.of(new Volume("/data", "/srv/data", Volume.Mode.RW))), GLOBAL);
    ContainerInfo container = executor.getContainer();
    assertThat(container.getType()).isEqualTo(ContainerInfo.Type.MESOS);
    assertThat(container.hasMesos()).isTrue();
    assertThat(container.hasDocker()).isFalse();
    assertThat(container.getVolumesList()).hasSize(3);
    assertThat(container.getVolumes(0)).isEqualTo(hostVolume("/mnt/keys", "/opt/keys", Mode.RO));
    assertThat(container.getVolumes(1)).isEqualTo(hostVolume("/data", "/srv/data", Mode.RW));
    org.apache.mesos.v1.Protos.Volume taskfs = container.getVolumes(2);
    assertThat(taskfs.getContainerPath()).isEqualTo("taskfs");
    assertThat(taskfs.getMode()).isEqualTo(Mode.RO);
    assertThat(taskfs.hasHostPath()).isFalse();
    assertThat(taskfs.getImage().getType()).isEqualTo(Image.Type.DOCKER);
    assertThat(taskfs.getImage().getDocker().getName()).isEqualTo("127.0.0.1:5000/app:v1");
    // The executor itself is the same as for a task on the host.
    assertThat(executor.getCommand().getValue()).isEqualTo("/usr/bin/thermos_executor");
  }

  @Test
  void aDigestTagPinsTheImageAndAppcImagesCarryTheirId() {
    ContainerInfo pinned = executor(Container.mesos(Container.Image.docker("127.0.0.1:5000/app", DIGEST),
        List.of()), List.of()).getContainer();
    assertThat(pinned.getVolumesList()).singleElement().satisfies(v ->
        assertThat(v.getImage().getDocker().getName()).isEqualTo("127.0.0.1:5000/app@" + DIGEST));

    ContainerInfo appc = executor(Container.mesos(Container.Image.appc("example.com/app", "sha512-abc"),
        List.of()), List.of()).getContainer();
    Image image = appc.getVolumes(0).getImage();
    assertThat(image.getType()).isEqualTo(Image.Type.APPC);
    assertThat(image.getAppc().getName()).isEqualTo("example.com/app");
    assertThat(image.getAppc().getId()).isEqualTo("sha512-abc");
  }

  @Test
  void withoutAnImageOrAContainerTheExecutorRunsOnTheHost() {
    assertThat(executor(Container.mesos(null, List.of()), GLOBAL).hasContainer()).isFalse();
    assertThat(executor(null, GLOBAL).hasContainer()).isFalse();
  }

  @Test
  void dockerRunsTheExecutorInTheImageWithParametersAndGlobalMounts() {
    ContainerInfo container = executor(Container.docker("127.0.0.1:5000/app@" + DIGEST,
        List.of(new Container.DockerParameter("env", "A=1"), new Container.DockerParameter("env", "B=2"))), GLOBAL)
        .getContainer();
    assertThat(container.getType()).isEqualTo(ContainerInfo.Type.DOCKER);
    assertThat(container.hasMesos()).isFalse();
    assertThat(container.getDocker().getImage()).isEqualTo("127.0.0.1:5000/app@" + DIGEST);
    assertThat(container.getDocker().getNetwork()).isEqualTo(ContainerInfo.DockerInfo.Network.HOST);
    assertThat(container.getDocker().getParametersList()).containsExactly(
        Parameter.newBuilder().setKey("env").setValue("A=1").build(),
        Parameter.newBuilder().setKey("env").setValue("B=2").build());
    assertThat(container.getVolumesList()).containsExactly(hostVolume("/mnt/keys", "/opt/keys", Mode.RO));
  }
}
