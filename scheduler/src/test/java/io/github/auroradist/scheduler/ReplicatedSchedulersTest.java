package io.github.auroradist.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.scheduler.storage.LogDirectory;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.TestCertificates;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three (or five) schedulers as peers of one log: one leads, the others follow with the same state, and take over. */
class ReplicatedSchedulersTest {
  @TempDir
  Path dir;

  @Test
  void followersHoldTheLeadersStateAndOneTakesOverWhenItStops() throws Exception {
    // These schedulers serve HTTPS too: a follower's redirect keeps the scheme a request came in on.
    Path keystore = TestCertificates.serverKeystore(java.nio.file.Files.createDirectories(dir.resolve("tls")));
    Path password = java.nio.file.Files.writeString(dir.resolve("tls/password"), TestCertificates.PASSWORD);
    List<Scheduler> schedulers = startPeers("db", 3, i -> e -> {
      throw new IllegalStateException("fatal in test", e);
    }, "-https_keystore_path=" + keystore, "-https_keystore_password_file=" + password);
    javax.net.ssl.SSLContext tls = TestCertificates.trusting(dir.resolve("tls/ca.pem"));
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> schedulers.stream().filter(Scheduler::isLeading).count() == 1);
      Scheduler leader = schedulers.stream().filter(Scheduler::isLeading).findFirst().orElseThrow();
      Http leaderHttp = new Http(leader.httpPort());
      assertThat(leaderHttp.get("/leaderhealth").status()).isEqualTo(200);
      assertThat(leaderHttp.post("/api/jobs", TestJobs.job("r", "prod", "ha", 2)).status()).isEqualTo(201);
      String tasks = leaderHttp.get("/api/tasks").body();

      List<Scheduler> followers = schedulers.stream().filter(s -> s != leader).toList();
      for (Scheduler f : followers) {
        Http http = new Http(f.httpPort());
        assertThat(http.get("/leaderhealth").status()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.getLocal("/api/tasks").body().equals(tasks));
        // Readers are sent to the leader too, API and UI alike, so everyone sees the leader's data.
        Http.Reply read = http.get("/api/tasks?role=r");
        assertThat(read.status()).isEqualTo(307);
        assertThat(read.location()).isEqualTo("http://127.0.0.1:" + leader.httpPort() + "/api/tasks?role=r");
        assertThat(http.get("/scheduler/r").location()).isEqualTo("http://127.0.0.1:" + leader.httpPort()
            + "/scheduler/r");
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/vars").status()).isEqualTo(200);
        Http.Reply refused = http.post("/api/jobs/r/prod/ha/kill?why=test", "");
        assertThat(refused.status()).isEqualTo(307);
        assertThat(refused.location())
            .isEqualTo("http://127.0.0.1:" + leader.httpPort() + "/api/jobs/r/prod/ha/kill?why=test");
        assertThat(refused.json().get("code").asText()).isEqualTo("NOT_LEADER");
        assertThat(refused.json().get("message").asText()).endsWith("at http://127.0.0.1:" + leader.httpPort());
        java.net.http.HttpResponse<String> secure = java.net.http.HttpClient.newBuilder().sslContext(tls).build()
            .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + f.httpsPort()
                + "/api/jobs/r/prod/ha/kill")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(secure.statusCode()).isEqualTo(307);
        assertThat(secure.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + leader.httpsPort()
            + "/api/jobs/r/prod/ha/kill");
      }

      // A client that follows redirects lands on the leader.
      java.net.http.HttpClient following = java.net.http.HttpClient.newBuilder()
          .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
      java.net.http.HttpResponse<String> viaFollower = following.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + followers.get(0).httpPort() + "/api/jobs/r/prod/ha/instances"))
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"count\": 1}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(viaFollower.statusCode()).as(viaFollower.body()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(10)).until(() ->
          new Http(followers.get(0).httpPort()).getLocal("/api/tasks").json().get("tasks").size() == 3);
      String tasksAfterAdd = leaderHttp.get("/api/tasks").body();

      leader.close();
      schedulers.remove(leader);
      await().atMost(Duration.ofSeconds(30)).until(() -> followers.stream().anyMatch(Scheduler::isLeading));
      Scheduler next = followers.stream().filter(Scheduler::isLeading).findFirst().orElseThrow();
      Http nextHttp = new Http(next.httpPort());
      assertThat(nextHttp.get("/api/tasks").body()).isEqualTo(tasksAfterAdd);
      await().atMost(Duration.ofSeconds(10)).until(() -> nextHttp.get("/leaderhealth").status() == 200);
      assertThat(nextHttp.post("/api/jobs/r/prod/ha/kill", "").status()).isEqualTo(200);

      // With two of three gone there is no quorum and so no leader.
      next.close();
      schedulers.remove(next);
      Scheduler last = schedulers.get(0);
      Http lastHttp = new Http(last.httpPort());
      await().atMost(Duration.ofSeconds(30)).until(() -> lastHttp.get("/leaderhealth").status() == 502);
      assertThat(lastHttp.get("/health").body()).isEqualTo("OK\n");
    } finally {
      for (Scheduler s : schedulers) {
        s.close();
      }
    }
  }

  @Test
  void fiveSchedulersGoOnWithoutTwoAndStopTakingWritesWithoutThree() throws Exception {
    List<Scheduler> schedulers = startPeers("five", 5, i -> e -> { });
    try {
      Scheduler leader = awaitLeader(schedulers);
      assertThat(new Http(leader.httpPort()).post("/api/jobs", TestJobs.job("r", "prod", "five", 1)).status())
          .isEqualTo(201);

      // Two of five down, the leader among them: the other three elect a leader that has the job and takes writes.
      Scheduler follower = schedulers.stream().filter(s -> s != leader).findFirst().orElseThrow();
      for (Scheduler gone : List.of(leader, follower)) {
        gone.close();
        schedulers.remove(gone);
      }
      Scheduler next = awaitLeader(schedulers);
      Http nextHttp = new Http(next.httpPort());
      assertThat(nextHttp.get("/api/jobs/r/prod/five").status()).isEqualTo(200);
      assertThat(nextHttp.post("/api/jobs", TestJobs.job("r", "prod", "three-left", 1)).status()).isEqualTo(201);

      // A third down: two of five are no quorum.
      next.close();
      schedulers.remove(next);
      for (Scheduler s : schedulers) {
        Http http = new Http(s.httpPort());
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/leaderhealth").status() == 502);
        await().atMost(Duration.ofSeconds(30)).until(() ->
            http.post("/api/jobs", TestJobs.job("r", "prod", "two-left", 1)).status() == 503);
        assertThat(http.get("/api/jobs/r/prod/three-left").stale()).contains("a quorum, 3 of 5 schedulers");
      }
    } finally {
      for (Scheduler s : schedulers) {
        s.close();
      }
    }
  }

  private static Scheduler awaitLeader(List<Scheduler> schedulers) {
    await().atMost(Duration.ofSeconds(30)).until(() -> schedulers.stream().filter(Scheduler::isLeading).count() == 1);
    return schedulers.stream().filter(Scheduler::isLeading).findFirst().orElseThrow();
  }

  @Test
  void aLeaderCutOffFromItsFollowersStopsActing() throws Exception {
    List<AtomicReference<Throwable>> fatal = List.of(new AtomicReference<>(), new AtomicReference<>(),
        new AtomicReference<>());
    List<Scheduler> schedulers = startPeers("cut", 3, i -> fatal.get(i)::set);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> schedulers.stream().filter(Scheduler::isLeading).count() == 1);
      int leader = schedulers.indexOf(schedulers.stream().filter(Scheduler::isLeading).findFirst().orElseThrow());
      for (int i = 0; i < 3; i++) {
        if (i != leader) {
          schedulers.get(i).close();
        }
      }
      // Without a quorum the leader steps down; it must then stop rather than go on alone.
      await().atMost(Duration.ofSeconds(60)).until(() -> fatal.get(leader).get() != null);
      assertThat(fatal.get(leader).get()).hasMessageContaining("lost leadership");
    } finally {
      for (Scheduler s : schedulers) {
        s.close();
      }
    }
  }

  /**
   * Starts {@code count} schedulers at once as the peers of one new log (each waits for the others to form a
   * quorum); {@code onFatal} gives peer i's fatal-failure handler. With {@code https} flags (the keystore), each
   * serves HTTPS on a port of its own too.
   */
  private List<Scheduler> startPeers(String name, int count, IntFunction<Consumer<Throwable>> onFatal,
      String... https) throws Exception {
    UUID cluster = UUID.randomUUID();
    int[] ports = new int[count];
    StringBuilder peers = new StringBuilder();
    for (int i = 0; i < count; i++) {
      ports[i] = Ports.free();
      peers.append(i == 0 ? "" : ",").append("127.0.0.1:").append(ports[i]);
    }
    ExecutorService starter = Executors.newFixedThreadPool(count);
    List<Scheduler> schedulers = new ArrayList<>();
    try {
      List<Future<Scheduler>> started = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Path db = dir.resolve(name + i);
        new LogDirectory(db).initialize(cluster);
        List<String> flags = new ArrayList<>(List.of("-hostname=127.0.0.1", "-native_log_peers=" + peers,
            "-native_log_quorum_size=" + (count / 2 + 1)));
        if (https.length > 0) {
          flags.add("-https_port=" + Ports.free());
          flags.addAll(List.of(https));
        }
        SchedulerSettings s = SchedulerFixture.settings(db, ports[i], SchedulerFixture.NO_MESOS,
            flags.toArray(String[]::new));
        Consumer<Throwable> fatal = onFatal.apply(i);
        started.add(starter.submit(() -> Scheduler.start(s, fatal)));
      }
      for (Future<Scheduler> f : started) {
        schedulers.add(f.get(90, TimeUnit.SECONDS));
      }
      return schedulers;
    } catch (Exception | Error e) {
      schedulers.forEach(Scheduler::close);
      throw e;
    } finally {
      starter.shutdownNow();
    }
  }
}
