package io.github.auroradist.scheduler.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.EmulatorClusterExtension;
import io.github.auroradist.emulator.testing.HostTools;
import io.github.auroradist.emulator.testing.PublishedImage;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.SchedulerOnMesos;
import io.github.auroradist.scheduler.testing.ScriptedExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job from an image, through the real scheduler and the Mesos emulator: the executor the agent starts is given
 * the ContainerInfo the scheduler built, and the agent provisioned the image from a real registry at the sandbox's
 * {@code taskfs} (running processes in it is the Thermos executor's, tested in the executor module).
 */
class ContainerOnMesosTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ROLE = System.getProperty("user.name");

  @TempDir
  static Path dir;
  @RegisterExtension
  static final EmulatorClusterExtension MESOS = new EmulatorClusterExtension(b -> b.standardAgents());
  static PublishedImage image;
  static SchedulerOnMesos rig;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    HostTools.assumeRoot();
    image = PublishedImage.start(dir.resolve("images"), "scheduler-test");
    rig = SchedulerOnMesos.start(dir, MESOS.cluster(), "-allow_container_volumes=true",
        "-global_container_mounts=/etc/ssl/certs:/etc/ssl/certs:ro");
    http = rig.http();
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
    if (image != null) {
      image.close();
    }
  }

  @Test
  void theAgentGivesTheExecutorTheContainerInfoOfTheJobsImage() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    String imageName = image.byTag().substring(0, image.byTag().lastIndexOf(':'));
    String job = """
        {"key": {"role": "%s", "environment": "devel", "name": "imaged"}, "instanceCount": 1,
         "taskConfig": {"isService": true,
           "resources": {"cpu": 0.2, "ramMb": 32, "diskMb": 16},
           "executorConfig": {"name": "AuroraExecutor", "data": "run"},
           "container": {"mesos": {"image": {"docker": {"name": "%s", "tag": "v1"}},
             "volumes": [{"containerPath": "/data", "hostPath": "%s", "mode": "RW"}]}}}}
        """.formatted(ROLE, imageName, dir.resolve("data"));
    Http.Reply created = http.post("/api/jobs", job);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String tasks = "/api/tasks?role=" + ROLE + "&environment=devel&name=imaged&statuses=RUNNING";
    await().atMost(WAIT).until(() -> http.get(tasks).json().get("tasks").size() == 1);
    JsonNode task = http.get(tasks).json().get("tasks").get(0).get("assignedTask");
    String frameworkId = MESOS.cluster().state().get("frameworks").get(0).get("id").asText();
    Path sandbox = MESOS.cluster().runs(task.get("agentId").asText(), frameworkId,
        "thermos-" + task.get("taskId").asText()).resolve("latest");

    ExecutorInfo executor = ExecutorInfo.parseFrom(Files.readAllBytes(sandbox.resolve(ScriptedExecutor.EXECUTOR_INFO)));
    ContainerInfo container = executor.getContainer();
    assertThat(container.getType()).isEqualTo(ContainerInfo.Type.MESOS);
    assertThat(container.getVolumesList()).extracting(Volume::getContainerPath)
        .containsExactly("/etc/ssl/certs", "/data", "taskfs");
    assertThat(container.getVolumes(1).getHostPath()).isEqualTo(dir.resolve("data").toString());
    assertThat(container.getVolumes(1).getMode()).isEqualTo(Volume.Mode.RW);
    assertThat(container.getVolumes(2).getImage().getDocker().getName()).isEqualTo(image.byTag());
    // The agent provisioned the image and bound it where the executor finds it.
    assertThat(sandbox.resolve("taskfs/etc/os-release")).content().contains("ID=scheduler-test");
    http.post("/api/jobs/" + ROLE + "/devel/imaged/kill", "");
  }
}
