package io.github.auroradist.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.Container;
import io.github.auroradist.common.model.Volume;
import io.github.auroradist.scheduler.SchedulerFlagsTest.Parsed;
import io.github.auroradist.scheduler.containers.ContainerSettings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Aurora's container flags, their defaults, and bad values refused at start naming the flag. */
class ContainerFlagsTest {
  private static ContainerSettings settings(String... flags) {
    Parsed p = SchedulerFlagsTest.parse(List.of(flags), true);
    assertThat(p.err()).isEmpty();
    return SchedulerSettings.from(p.flags()).containers();
  }

  private static String error(String... flags) {
    Parsed p = SchedulerFlagsTest.parse(List.of(flags), true);
    assertThat(p.code()).isEqualTo(1);
    return p.err();
  }

  @Test
  void defaultsAreAurorasMesosOnlyWithoutParametersVolumesOrMounts() {
    assertThat(settings()).isEqualTo(ContainerSettings.AURORA_DEFAULT);
    assertThat(ContainerSettings.AURORA_DEFAULT.allowedTypes()).containsExactly(Container.Type.MESOS);
    assertThat(ContainerSettings.AURORA_DEFAULT.requireDockerUseExecutor()).isTrue();
  }

  @Test
  void flagsAreReadInAurorasForms() {
    ContainerSettings s = settings("-allowed_container_types=MESOS,docker", "-allow_docker_parameters=true",
        "-default_docker_parameters=read-only=true,tmpfs=/tmp,tmpfs=/run", "-allow_container_volumes",
        "-global_container_mounts=/opt/keys:/mnt/keys:ro,/var/cache/app:/cache:rw,/etc/ssl:/etc/ssl",
        "-require_docker_use_executor=true");
    assertThat(s.allowedTypes()).isEqualTo(Set.of(Container.Type.MESOS, Container.Type.DOCKER));
    assertThat(s.allowDockerParameters()).isTrue();
    assertThat(s.allowContainerVolumes()).isTrue();
    assertThat(s.defaultDockerParameters()).containsExactly(new Container.DockerParameter("read-only", "true"),
        new Container.DockerParameter("tmpfs", "/tmp"), new Container.DockerParameter("tmpfs", "/run"));
    assertThat(s.globalMounts()).containsExactly(new Volume("/mnt/keys", "/opt/keys", Volume.Mode.RO),
        new Volume("/cache", "/var/cache/app", Volume.Mode.RW), new Volume("/etc/ssl", "/etc/ssl", Volume.Mode.RO));
  }

  @Test
  void badValuesNameTheFlagAndTheForm() {
    assertThat(error("-allowed_container_types=LXC")).contains("-allowed_container_types: 'LXC' is not a container"
        + " type; list MESOS and/or DOCKER");
    assertThat(error("-default_docker_parameters=privileged")).contains("-default_docker_parameters: 'privileged'"
        + " is not name=value");
    assertThat(error("-global_container_mounts=/a")).contains("-global_container_mounts: '/a' is not"
        + " host_path:container_path[:mode]");
    assertThat(error("-global_container_mounts=/a:/b:rx")).contains("has mode 'rx'; the modes are ro and rw");
    assertThat(error("-global_container_mounts=relative:/b")).contains("-global_container_mounts 'relative:/b'"
        + ".hostPath: 'relative' is not an absolute path");
    assertThat(error("-require_docker_use_executor=false")).contains("-require_docker_use_executor=false is not"
        + " supported");
  }
}
