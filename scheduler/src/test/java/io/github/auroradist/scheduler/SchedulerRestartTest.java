package io.github.auroradist.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.auroradist.scheduler.storage.PeerSetMismatchException;
import io.github.auroradist.scheduler.storage.UninitializedLogException;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.StoredState;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerRestartTest {
  @TempDir
  Path dir;

  @Test
  void restartedSchedulerFindsEveryJobAndTask() throws Exception {
    SchedulerSettings settings = SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        SchedulerFixture.NO_MESOS);
    StoredState before;
    try (Scheduler s = SchedulerFixture.start(settings)) {
      Http http = new Http(s.httpPort());
      assertThat(http.post("/api/jobs", TestJobs.job("r", "devel", "j", 2)).status()).isEqualTo(201);
      assertThat(http.post("/api/jobs/r/devel/j/kill", "{\"instances\":[0]}").status()).isEqualTo(200);
      before = StoredState.of(http);
    }
    try (Scheduler s = SchedulerFixture.start(settings)) {
      Http http = new Http(s.httpPort());
      assertThat(StoredState.of(http)).isEqualTo(before);
      assertThat(http.get("/api/tasks?statuses=PENDING").json().get("tasks")).hasSize(1);
    }
  }

  @Test
  void uninitializedLogIsRefusedInProcess() {
    SchedulerSettings settings = SchedulerFixture.settings(dir.resolve("fresh"), Ports.free(),
        SchedulerFixture.NO_MESOS);
    assertThatThrownBy(() -> SchedulerFixture.start(settings))
        .isInstanceOf(UninitializedLogException.class)
        .hasMessageContaining("aurora-scheduler-log initialize --path=" + dir.resolve("fresh"));
  }

  @Test
  void schedulerProcessOnUninitializedLogExitsWithInstructions() throws Exception {
    Path fresh = dir.resolve("fresh-db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        SchedulerMain.class.getName(), "-cluster_name=test", "-mesos_master_address=" + SchedulerFixture.NO_MESOS,
        "-native_log_file_path=" + fresh, "-thermos_executor_path=/bin/true", "-http_port=0",
        "-native_log_port=" + Ports.free()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve("stderr").toFile())
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("EX_CONFIG, which systemd does not restart").isEqualTo(78);
    String err = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
    assertThat(err).contains("was never initialized").contains("aurora-scheduler-log initialize --path=" + fresh);
    assertThat(new File(fresh.toString())).doesNotExist();
  }

  @Test
  void aChangedPeerListIsRefusedBecauseTheLogKeepsItsOwn() throws Exception {
    Path db = SchedulerFixture.initializedLog(dir);
    int logPort = Ports.free();
    try (Scheduler s = SchedulerFixture.start(SchedulerFixture.settings(db, logPort, SchedulerFixture.NO_MESOS))) {
      assertThat(s.isLeading()).isTrue();
    }
    String peers = "127.0.0.1:" + logPort + ",127.0.0.1:" + Ports.free() + ",127.0.0.1:" + Ports.free();
    SchedulerSettings moreSchedulers = SchedulerFixture.settings(db, logPort, SchedulerFixture.NO_MESOS,
        "-hostname=127.0.0.1", "-native_log_peers=" + peers, "-native_log_quorum_size=2");
    assertThatThrownBy(() -> SchedulerFixture.start(moreSchedulers))
        .isInstanceOf(PeerSetMismatchException.class)
        .hasMessageContaining("-native_log_peers lists [127.0.0.1:" + logPort)
        .hasMessageContaining("belongs to the schedulers [127.0.0.1:" + logPort + "]")
        .hasMessageContaining("docs/operations.md");
    // Nothing was lost: with the old list it starts as before.
    try (Scheduler s = SchedulerFixture.start(SchedulerFixture.settings(db, logPort, SchedulerFixture.NO_MESOS))) {
      assertThat(s.isLeading()).isTrue();
    }
  }

  @Test
  void schedulerProcessRestartedFindsEveryJobAndTask() throws Exception {
    Path db = SchedulerFixture.initializedLog(dir);
    int httpPort = Ports.free();
    int logPort = Ports.free();
    StoredState before;
    Process first = startProcess(db, httpPort, logPort, "first");
    try {
      Http http = new Http(httpPort);
      awaitHealthy(http);
      assertThat(http.post("/api/jobs", TestJobs.job("r", "devel", "proc", 3)).status()).isEqualTo(201);
      before = StoredState.of(http);
    } finally {
      first.destroy(); // SIGTERM: the shutdown hook closes the log and the HTTP server
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    Process second = startProcess(db, httpPort, logPort, "second");
    try {
      Http http = new Http(httpPort);
      awaitHealthy(http);
      assertThat(StoredState.of(http)).isEqualTo(before);
      assertThat(http.get("/api/tasks?statuses=PENDING").json().get("tasks")).hasSize(3);
    } finally {
      second.destroy();
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private Process startProcess(Path db, int httpPort, int logPort, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        SchedulerMain.class.getName(), "-cluster_name=test", "-mesos_master_address=" + SchedulerFixture.NO_MESOS,
        "-native_log_file_path=" + db, "-thermos_executor_path=/bin/true", "-http_port=" + httpPort,
        "-ip=127.0.0.1", "-hostname=localhost", "-native_log_port=" + logPort))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve(name + ".stderr").toFile())
        .start();
  }

  /** A lone scheduler leads its log; /leaderhealth says when it takes writes (/health comes a moment earlier). */
  private void awaitHealthy(Http http) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
        .pollInterval(java.time.Duration.ofMillis(300))
        .ignoreExceptions()
        .until(() -> http.get("/leaderhealth").status() == 200);
  }
}
