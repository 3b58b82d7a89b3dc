package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.AuroraCliTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.storage.LogDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two of three schedulers, then one: the client reaches the leader through a follower while there is a quorum,
 * and without one it still reads (warning that the data may be stale) and is told why it cannot write.
 */
class QuorumLossTest {
  @TempDir Path dir;
  final List<Scheduler> schedulers = new ArrayList<>();

  @AfterEach
  void stop() {
    ClientContext.clusterFiles = null;
    schedulers.forEach(Scheduler::close);
  }

  @Test
  void withoutAQuorumReadsWarnThatTheyMayBeStaleAndWritesSayWhyTheyFail() throws Exception {
    int[] logPorts = {Ports.free(), Ports.free(),
        Ports.free()};
    String peers = "127.0.0.1:" + logPorts[0] + ",127.0.0.1:" + logPorts[1] + ",127.0.0.1:" + logPorts[2];
    UUID clusterId = UUID.randomUUID();
    List<CompletableFuture<Scheduler>> starting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {  // the third peer never starts
      Path db = dir.resolve("db" + i);
      new LogDirectory(db).initialize(clusterId);
      SchedulerSettings settings = LoopbackCluster.settings(db, "-native_log_port=" + logPorts[i],
          "-native_log_peers=" + peers, "-native_log_quorum_size=2");
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return Scheduler.start(settings, e -> { });
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    for (CompletableFuture<Scheduler> s : starting) {
      schedulers.add(s.get());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> schedulers.stream().anyMatch(Scheduler::isLeading));
    Scheduler leader = schedulers.stream().filter(Scheduler::isLeading).findFirst().orElseThrow();
    Scheduler follower = schedulers.stream().filter(s -> s != leader).findFirst().orElseThrow();
    ClientContext.clusterFiles = List.of(Files.writeString(dir.resolve("clusters.json"),
        "[{\"name\": \"devcluster\", \"scheduler_uri\": \"http://127.0.0.1:" + follower.httpPort() + "\"}]"));

    // The follower sends the write on to the leader.
    String key = "devcluster/www-data/devel/hello_world";
    Result created = aurora("job", "create", key, config("hello_world.aurora"));
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.err()).doesNotContain("Warning");

    leader.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> follower.staleReason().isPresent());

    Result status = aurora("job", "status", key);
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).contains("hello_world", "PENDING");
    assertThat(status.err()).contains("Warning: the scheduler at http://127.0.0.1:" + follower.httpPort()
        + "/ says: no scheduler leads the cluster now (a quorum, 2 of 3 schedulers, must be up and reach each"
        + " other); this data may be stale");

    Result kill = aurora("job", "killall", key);
    assertThat(kill.code()).isEqualTo(ExitCodes.NETWORK_ERROR);
    assertThat(kill.err()).contains("NOT_LEADER", "no scheduler leads the cluster now, so nothing can be changed");
  }
}
