package io.github.auroradist.scheduler.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.StateReader;
import io.github.auroradist.scheduler.testing.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Three coordinators as real processes: three scheduler JVMs (one replicated log), a three-server ZooKeeper
 * ensemble and the Mesos emulator with two agents running real executor processes. The steps build on each other:
 * the cluster's jobs and running tasks carry through failovers, restarts, quorum loss, a ZooKeeper server going
 * down, and finally the loss of every copy of the log and recovery from a backup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HighAvailabilityTest {
  private static final Duration ELECTION = Duration.ofSeconds(60);
  /** Three scheduler JVMs starting together on a loaded machine, until one of them leads. */
  private static final Duration CLUSTER_START = Duration.ofMinutes(2);
  private static final String USER = System.getProperty("user.name");

  static Path dir;
  static CoordinatorRig rig;
  /** Every job whose creation a leader acknowledged. */
  static final Set<String> acknowledgedJobs = new TreeSet<>();
  /** The running service's task id per instance: they must survive every step without being relaunched. */
  static Map<Integer, String> webTasks;

  @RegisterExtension
  static final TestWatcher PRINT_OUTPUT_ON_FAILURE = CoordinatorRig.printOutputOnFailure(() -> rig);

  @BeforeAll
  static void start() throws Exception {
    dir = CoordinatorRig.newDirectory("rig-");
    rig = CoordinatorRig.create(dir, 3, 2);
    rig.startAll();
  }

  @AfterAll
  static void stop() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  static String job(String name, int instances) {
    return """
        {"key": {"role": "%s", "environment": "prod", "name": "%s"}, "instanceCount": %d,
         "taskConfig": {"isService": true, "production": false,
           "resources": {"cpu": 0.1, "ramMb": 16, "diskMb": 16},
           "executorConfig": {"name": "AuroraExecutor", "data": "run"}}}
        """.formatted(USER, name, instances);
  }

  static void createJob(String name, int instances) throws InterruptedException {
    rig.writeUntilAccepted("POST", "/api/jobs", job(name, instances), ELECTION);
    acknowledgedJobs.add(USER + "/prod/" + name);
  }

  static Set<String> jobs(SchedulerProcess s) {
    Set<String> names = new TreeSet<>();
    for (JsonNode j : s.http().getLocal("/api/jobs").json().get("jobs")) {
      JsonNode key = j.get("key");
      names.add(key.get("role").asText() + "/" + key.get("environment").asText() + "/" + key.get("name").asText());
    }
    return names;
  }

  /** "job/instance" to the ids of its active tasks, as a scheduler sees them. */
  static Map<String, List<String>> activeTasks(SchedulerProcess s) {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode t : s.http().getLocal("/api/tasks?statuses=ACTIVE").json().get("tasks")) {
      JsonNode a = t.get("assignedTask");
      out.computeIfAbsent(a.get("task").get("job").get("name").asText() + "/" + a.get("instanceId").asInt(),
          k -> new ArrayList<>()).add(a.get("taskId").asText());
    }
    return out;
  }

  static Map<Integer, String> running(SchedulerProcess s, String job) {
    Map<Integer, String> out = new TreeMap<>();
    String query = "/api/tasks?role=" + USER + "&environment=prod&name=" + job + "&statuses=RUNNING";
    for (JsonNode t : s.http().getLocal(query).json().get("tasks")) {
      out.put(t.get("assignedTask").get("instanceId").asInt(), t.get("assignedTask").get("taskId").asText());
    }
    return out;
  }

  /** The ids of the tasks the Mesos master sees running, over all frameworks. */
  static List<String> runningInMesos() throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode f : StateReader.state(rig.mesos.masterUri()).path("frameworks")) {
      for (JsonNode t : f.path("tasks")) {
        if (t.path("state").asText().equals("TASK_RUNNING")) {
          ids.add(t.path("id").asText());
        }
      }
    }
    return ids;
  }

  /**
   * The leader has every acknowledged job, one active task per instance, the service's original tasks still
   * running, and Mesos runs each of those exactly once.
   */
  static void assertNothingLost(SchedulerProcess leader) throws Exception {
    assertThat(jobs(leader)).as("jobs on the leader").containsExactlyInAnyOrderElementsOf(acknowledgedJobs);
    activeTasks(leader).forEach((instance, ids) -> assertThat(ids).as("active tasks of " + instance).hasSize(1));
    await().atMost(ELECTION).untilAsserted(() -> assertThat(running(leader, "web")).isEqualTo(webTasks));
    await().atMost(ELECTION).untilAsserted(() -> {
      List<String> inMesos = runningInMesos();
      assertThat(inMesos).as("tasks running in Mesos").doesNotHaveDuplicates().containsAll(webTasks.values());
      // No instance runs twice: at most one running task per job instance (ids start with role-env-name-instance-).
      assertThat(inMesos.stream().map(id -> id.substring(0, id.lastIndexOf('-', id.length() - 37))).toList())
          .as("job instances running in Mesos").doesNotHaveDuplicates();
    });
  }

  @Test
  @Order(1)
  void oneSchedulerLeadsAndIsTheOnlyOneAnnounced() throws Exception {
    SchedulerProcess leader = rig.awaitOneLeader(CLUSTER_START);
    await().atMost(ELECTION).until(() -> rig.serversetPorts().equals(List.of(leader.httpPort)));
    for (SchedulerProcess s : rig.schedulers) {
      assertThat(s.isHealthy()).as(s + " /health").isTrue();
    }

    createJob("web", 3);
    await().atMost(ELECTION).until(() -> running(leader, "web").size() == 3);
    webTasks = running(leader, "web");

    // Followers hold the same state and say where writes go.
    for (SchedulerProcess f : rig.alive()) {
      if (f != leader) {
        await().atMost(Duration.ofSeconds(10)).until(() -> running(f, "web").equals(webTasks));
        Http.Reply refused = f.http().post("/api/jobs", job("not-here", 1));
        assertThat(refused.status()).isEqualTo(307);
        assertThat(refused.location()).isEqualTo("http://127.0.0.1:" + leader.httpPort + "/api/jobs");
        assertThat(refused.json().get("code").asText()).isEqualTo("NOT_LEADER");
      }
    }
    assertNothingLost(leader);
  }

  @Test
  @Order(2)
  void tenFailoversInARowLoseNothingAndRunNothingTwice() throws Exception {
    String host = rig.awaitOneLeader(ELECTION).http().getLocal("/api/tasks?statuses=RUNNING").json()
        .at("/tasks/0/assignedTask/agentHost").asText();
    for (int round = 1; round <= 10; round++) {
      SchedulerProcess leader = rig.awaitOneLeader(ELECTION);
      createJob("round-" + round, 1);
      if (round == 1) {
        // Host maintenance is on the log too (SCHEDULED: the host keeps its tasks).
        rig.writeUntilAccepted("POST", "/api/maintenance/start", "{\"hosts\": [\"" + host + "\"]}", ELECTION);
      }
      leader.kill();

      SchedulerProcess next = rig.awaitOneLeader(ELECTION);
      assertThat(next).as("round " + round).isNotSameAs(leader);
      assertNothingLost(next);
      if (round == 1) {
        assertThat(next.http().getLocal("/api/maintenance?hosts=" + host).json().at("/hosts/" + host).asText())
            .as("maintenance of " + host + " after the failover").isEqualTo("SCHEDULED");
        rig.writeUntilAccepted("POST", "/api/maintenance/end", "{\"hosts\": [\"" + host + "\"]}", ELECTION);
      }
      await().atMost(ELECTION).until(() -> rig.serversetPorts().equals(List.of(next.httpPort)));

      // The dead coordinator comes back (systemd restarts it) and catches up as a follower.
      leader.start();
      await().atMost(ELECTION).until(() -> leader.status("/leaderhealth").orElse(0) == 503);
      await().atMost(ELECTION).until(() -> jobs(leader).equals(acknowledgedJobs));
    }
  }

  @Test
  @Order(3)
  void aRollingRestartKeepsServing() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<String> failedRead = new AtomicReference<>();
    List<SchedulerProcess> restarting = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        // A reader that avoids the coordinator being restarted, as a load balancer's health check would.
        SchedulerProcess target = rig.schedulers.stream().filter(s -> !restarting.contains(s)).findFirst()
            .orElseThrow();
        attempts.incrementAndGet();
        try {
          // As the client does: a follower sends the read on to the leader.
          Http.Reply r = rig.read(target, "/api/jobs");
          if (r.status() != 200) {
            failedRead.compareAndSet(null, target + ": " + r.status() + " " + r.body());
          }
          reads.incrementAndGet();
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        } catch (AssertionError e) {
          if (Thread.currentThread().isInterrupted()) {
            return;  // stopped in the middle of a read
          }
          failedRead.compareAndSet(null, target + ": " + e);
        }
      }
    }, "reader");
    reader.start();
    try {
      for (SchedulerProcess s : rig.schedulers) {
        synchronized (restarting) {
          restarting.clear();
          restarting.add(s);
        }
        // The reader moves off it: the read in flight ends, and the next one goes elsewhere.
        int attemptsBefore = attempts.get();
        await().atMost(ELECTION).until(() -> attempts.get() >= attemptsBefore + 2 || failedRead.get() != null);
        boolean wasLeader = s.isLeading();
        s.stop();
        if (wasLeader) {
          // A planned stop hands leadership over instead of leaving the others to wait out an election timeout.
          assertThat(s.outputOfThisRun()).contains("Handed leadership of the log over to", "done");
        }
        createJob("rolling-" + s.index, 1);
        s.start();
        await().atMost(ELECTION).until(s::isHealthy);
        rig.awaitOneLeader(ELECTION);
        await().atMost(ELECTION).until(() -> jobs(s).equals(acknowledgedJobs));
      }
    } finally {
      reader.interrupt();
      reader.join();
    }
    assertThat(failedRead.get()).as("a failed read during the rolling restart").isNull();
    assertThat(reads.get()).isGreaterThan(10);
    assertNothingLost(rig.awaitOneLeader(ELECTION));
  }

  @Test
  @Order(4)
  void allThreeRestartWithEverything() throws Exception {
    for (SchedulerProcess s : rig.schedulers) {
      s.stop();
    }
    rig.startAll();
    SchedulerProcess leader = rig.awaitOneLeader(CLUSTER_START);
    assertNothingLost(leader);
    createJob("after-restart", 1);
  }

  @Test
  @Order(5)
  void withoutAQuorumWritesAreRefusedAndReadsSayTheyMayBeStale() throws Exception {
    SchedulerProcess leader = rig.awaitOneLeader(ELECTION);
    List<SchedulerProcess> followers = rig.alive().stream().filter(s -> s != leader).toList();
    for (SchedulerProcess f : followers) {
      f.kill();
    }
    try {
      // The leader notices it lost its quorum, withdraws from the serverset and rejoins as a follower in its process.
      await().atMost(ELECTION).until(() -> leader.status("/leaderhealth").orElse(0) == 502);
      await().atMost(ELECTION).until(() -> rig.serversetPorts().isEmpty());
      assertThat(leader.isAlive()).isTrue();
      // Its answers hold every job: it replays all it had before it serves. Its port closes for a moment while it
      // restarts as a follower, which a loaded machine may reach only after the checks above, so each check below
      // is retried over such a moment.
      await().atMost(ELECTION).ignoreExceptions().untilAsserted(() -> {
        assertThat(leader.http().get("/api/jobs").stale()).contains("no scheduler leads the cluster now",
            "this data may be stale");
        assertThat(jobs(leader)).containsExactlyInAnyOrderElementsOf(acknowledgedJobs);
      });
      await().atMost(ELECTION).ignoreExceptions().untilAsserted(() ->
          assertThat(leader.http().get("/scheduler").body()).contains("Warning:", "this data may be stale"));
      await().atMost(ELECTION).ignoreExceptions().untilAsserted(() -> {
        Http.Reply refused = leader.http().post("/api/jobs", job("no-quorum", 1));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("code").asText()).isEqualTo("NOT_LEADER");
        assertThat(refused.json().get("message").asText()).contains("no scheduler leads the cluster now",
            "fewer than a quorum (a majority of the schedulers in -native_log_peers) are up");
      });

      // One comes back: two of three are a quorum again, and writes work.
      followers.get(0).start();
      SchedulerProcess next = rig.awaitOneLeader(ELECTION);
      createJob("quorum-back", 1);
      assertNothingLost(next);
      await().atMost(ELECTION).until(() -> leader.http().get("/api/jobs").stale() == null);

      followers.get(1).start();
      await().atMost(ELECTION).until(() -> followers.get(1).status("/leaderhealth").orElse(0) == 503);
    } finally {
      // Whatever failed above, the next steps start with three coordinators.
      for (SchedulerProcess f : followers) {
        if (!f.isAlive()) {
          f.start();
        }
      }
    }
  }

  @Test
  @Order(6)
  void oneZooKeeperServerDownHasNoEffect() throws Exception {
    InstanceSpec stopped = rig.zk.getInstances().iterator().next();
    assertThat(rig.zk.killServer(stopped)).isTrue();
    try {
      SchedulerProcess leader = rig.awaitOneLeader(ELECTION);
      createJob("zk-down", 1);
      assertNothingLost(leader);

      // A failover still works: the new leader is announced and registers with the Mesos master.
      leader.kill();
      SchedulerProcess next = rig.awaitOneLeader(ELECTION);
      await().atMost(ELECTION).until(() -> rig.serversetPorts().equals(List.of(next.httpPort)));
      createJob("zk-down-failover", 1);
      assertNothingLost(next);
      await().atMost(ELECTION).until(() -> running(next, "zk-down-failover").size() == 1);
      leader.start();
      await().atMost(ELECTION).until(() -> leader.status("/leaderhealth").orElse(0) == 503);
    } finally {
      rig.zk.restartServer(stopped);
    }
  }

  @Test
  @Order(7)
  void everyLogLostThenRecoveredFromABackup() throws Exception {
    SchedulerProcess leader = rig.awaitOneLeader(ELECTION);
    Http.Reply backup = leader.http().post("/api/admin/backup", "");
    assertThat(backup.status()).as(backup.body()).isEqualTo(200);
    Path file = Path.of(backup.json().get("file").asText());
    assertThat(file).exists().startsWith(dir);
    Map<String, List<String>> tasksBefore = activeTasks(leader);

    for (SchedulerProcess s : rig.schedulers) {
      s.kill();
    }
    rig.wipeLogs();
    // An uninitialized log is refused with exit 78 (EX_CONFIG), which systemd does not restart.
    SchedulerProcess first = rig.schedulers.get(0);
    first.start();
    await().atMost(ELECTION).until(() -> !first.isAlive());
    assertThat(first.exitCode()).isEqualTo(78);
    assertThat(first.tail(5)).contains("aurora-scheduler-log initialize");

    rig.initializeLogs(file);
    rig.startAll();
    SchedulerProcess recovered = rig.awaitOneLeader(CLUSTER_START);
    // Schedulers starting together may still move the leadership once; one that steps down is briefly unreachable.
    await().atMost(ELECTION).ignoreExceptions().until(() -> jobs(recovered).equals(acknowledgedJobs));
    assertThat(activeTasks(recovered)).isEqualTo(tasksBefore);
    assertNothingLost(recovered);
    createJob("after-recovery", 1);
    for (SchedulerProcess s : rig.schedulers) {
      await().atMost(ELECTION).until(() -> jobs(s).equals(acknowledgedJobs));
    }
  }
}
