package io.github.auroradist.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.StateReader;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the scheduler tells Mesos about itself when it subscribes, as the master records it. */
class FrameworkInfoTest {
  @TempDir
  Path dir;

  @Test
  void theFailoverTimeoutReachesMesosWithItsFractionsOfASecond() throws Exception {
    try (EmulatorCluster cluster = EmulatorCluster.builder(dir.resolve("mesos")).agents(0).start();
        Scheduler scheduler = SchedulerFixture.start(SchedulerFixture.settings(SchedulerFixture.initializedLog(dir),
            Ports.free(), cluster.masterUri().toString(), "-framework_failover_timeout=1500ms"))) {
      String id = await().atMost(Duration.ofSeconds(30))
          .until(() -> scheduler.storage().read().frameworkId().orElse(null), found -> found != null);
      JsonNode framework = StateReader.framework(StateReader.state(cluster.masterUri()), id);
      assertThat(framework).as("framework %s on the master", id).isNotNull();
      // Rounded down to whole seconds, 1500ms was 1 s, and anything under a second was 0: removed at once.
      assertThat(framework.path("failover_timeout").asDouble()).isEqualTo(1.5);
      assertThat(framework.path("checkpoint").asBoolean()).isTrue();
      List<String> capabilities = new ArrayList<>();
      framework.path("capabilities").forEach(c -> capabilities.add(c.asText()));
      assertThat(capabilities).contains("PARTITION_AWARE", "GPU_RESOURCES");
    }
  }
}
