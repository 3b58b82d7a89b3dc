package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.AuroraCliTest.tasks;
import static io.github.auroradist.client.cli.SchedulerCommandsTest.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.EmulatorClusterExtension;
import io.github.auroradist.scheduler.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' commands (issue 14) as an operator runs them, against a real scheduler found through ZooKeeper,
 * the Mesos emulator with two agents on the hosts 127.0.0.2 and 127.0.0.3, and the real Thermos executor. The steps
 * build on each other, in order: an SLA-aware drain, the SLA figures of the tasks it moved, reconciliation and
 * pruning, an online recovery, and a role's quota with every kind of consumption.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorCommandsEndToEndTest {
  static final String ROLE = System.getProperty("user.name");
  static final String A = "127.0.0.2";
  static final String B = "127.0.0.3";
  static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final EmulatorClusterExtension MESOS = new EmulatorClusterExtension(b -> b.agents(2).distinctHosts()
      .zooKeeper().resources(EmulatorCluster.STANDARD_RESOURCES + ";gpus:1")
      .attributes(EmulatorCluster.STANDARD_ATTRIBUTES));

  @TempDir static Path dir;
  static Scheduler scheduler;
  static Path jobs;
  static Duration pollBefore;

  @BeforeAll
  static void start() throws Exception {
    EmulatorCluster mesos = MESOS.cluster();
    scheduler = Scheduler.start(LoopbackCluster.settings(LoopbackCluster.initializedLog(dir.resolve("db")),
        "-zk_endpoints=" + mesos.zkConnectString(), "-serverset_path=/aurora/scheduler",
        "-mesos_master_address=" + mesos.zkUrl(), "-backup_dir=" + dir.resolve("backups"),
        "-thermos_executor_path=" + EndToEndTest.thermosExecutor(), "-thermos_executor_flags=--nosetuid",
        "-thermos_executor_cpu=0.1", "-thermos_executor_ram=96MB"), e -> { });
    String zk = mesos.zkConnectString();
    ClientContext.clusterFiles = List.of(Files.writeString(dir.resolve("clusters.json"),
        "[{\"name\": \"devcluster\", \"zk\": \"" + zk.substring(0, zk.lastIndexOf(':')) + "\", \"zk_port\": "
            + zk.substring(zk.lastIndexOf(':') + 1) + "}]"));
    pollBefore = HostMaintenanceCommands.pollInterval;
    HostMaintenanceCommands.pollInterval = Duration.ofMillis(200);
    jobs = Files.writeString(dir.resolve("operators.aurora"), jobsFile(32));
    // Maintenance refuses hosts the scheduler has not seen offers from.
    await().atMost(WAIT).until(() -> scheduler.storage().read().hostAttributes(A).isPresent()
        && scheduler.storage().read().hostAttributes(B).isPresent()
        && aurora("job", "list", "devcluster").code() == 0);
  }

  @AfterAll
  static void stop() {
    ClientContext.clusterFiles = null;
    if (pollBefore != null) {
      HostMaintenanceCommands.pollInterval = pollBefore;
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }

  /** The jobs of every step; {@code prodRamMb} is what the production job's update changes. */
  static String jobsFile(int prodRamMb) {
    return """
        hello = Process(name = 'hello', cmdline = 'echo hello from {{mesos.instance}}; sleep 600')
        small = Resources(cpu = 0.25, ram = 32*MB, disk = 16*MB)
        task = Task(processes = [hello], resources = small)
        service = Service(cluster = 'devcluster', role = '%1$s', environment = 'devel', task = task)
        jobs = [
          service(name = 'hello_sla', instances = 2, sla_policy = CountSlaPolicy(count = 1, duration_secs = 5)),
          service(name = 'spread', instances = 2, constraints = {'host': 'limit:1'}),
          service(name = 'doomed', constraints = {'rack': 'nowhere'}),
          service(name = 'prod', production = True,
                  task = task(resources = Resources(cpu = 0.25, ram = %2$d*MB, disk = 16*MB)),
                  update_config = UpdateConfig(batch_size = 1, watch_secs = 60)),
          Job(cluster = 'devcluster', role = '%1$s', environment = 'devel', name = 'nightly', production = True,
              instances = 2, cron_schedule = '0 0 1 1 *',
              task = task(resources = Resources(cpu = 0.5, ram = 64*MB, disk = 128*MB))),
          service(name = 'gpu', task = task(resources = Resources(cpu = 0.25, ram = 32*MB, disk = 16*MB, gpu = 1))),
        ]
        """.formatted(ROLE, prodRamMb);
  }

  static String key(String name) {
    return "devcluster/" + ROLE + "/devel/" + name;
  }

  static Result ok(Result r) {
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    return r;
  }

  private static final Pattern TASK_LINE = Pattern.compile(
      "  Task role: .*, instance: (\\d+), status: (\\w+)(?: on (\\S+))?\n    id: (\\S+)\n");

  /** An active task as {@code aurora job status} prints it; {@code placement} is "HOST STATUS". */
  record ActiveTask(int instance, String id, String placement) {}

  static List<ActiveTask> active(String name) {
    String out = ok(aurora("job", "status", key(name))).out();
    int inactive = out.indexOf("Inactive tasks");
    Matcher m = TASK_LINE.matcher(inactive < 0 ? out : out.substring(0, inactive));
    List<ActiveTask> tasks = new ArrayList<>();
    while (m.find()) {
      tasks.add(new ActiveTask(Integer.parseInt(m.group(1)), m.group(4), m.group(3) + " " + m.group(2)));
    }
    return tasks;
  }

  /** Instance to "HOST STATUS" of the job's active tasks (the newest task of an instance). */
  static Map<Integer, String> placements(String name) {
    return active(name).stream().collect(Collectors.toMap(ActiveTask::instance, ActiveTask::placement,
        (older, newer) -> newer, TreeMap::new));
  }

  /** Task id to "HOST STATUS" of the job's active tasks. */
  static Map<String, String> activeTasks(String name) {
    return active(name).stream().collect(Collectors.toMap(ActiveTask::id, ActiveTask::placement, (a, b) -> b,
        TreeMap::new));
  }

  static String hostStatus(String host) {
    return ok(admin("host_status", "--hosts=" + host, "devcluster")).out();
  }

  static long eventTime(JsonNode task, String status) {
    for (JsonNode e : task.path("taskEvents")) {
      if (e.path("status").asText().equals(status)) {
        return e.path("timestamp").asLong();
      }
    }
    throw new AssertionError("no " + status + " event in " + task);
  }

  /** When the task stopped RUNNING: the time of the first event after its RUNNING one. */
  static long leftRunning(JsonNode task) {
    boolean running = false;
    for (JsonNode e : task.path("taskEvents")) {
      if (running) {
        return e.path("timestamp").asLong();
      }
      running = e.path("status").asText().equals("RUNNING");
    }
    throw new AssertionError("the task never left RUNNING: " + task);
  }

  @Test
  @Order(1)
  void slaHostDrainMovesOneInstanceAtATimeThenTheHostIsActivatedAgain() throws Exception {
    // As docs/operations.md's dev cluster example: B is emptied so that both instances start on A.
    assertThat(ok(admin("host_drain", "--hosts=" + B, "devcluster")).out())
        .isEqualTo("Draining hosts: " + B + "\n" + B + " is in state: DRAINED\n");
    ok(aurora("job", "create", "--wait-until", "RUNNING", "--wait-timeout", "60", key("hello_sla"), jobs.toString()));
    assertThat(placements("hello_sla")).isEqualTo(Map.of(0, A + " RUNNING", 1, A + " RUNNING"));
    assertThat(ok(admin("host_activate", "--hosts=" + B, "devcluster")).out()).isEqualTo(B + " is in state: NONE\n");

    assertThat(ok(admin("sla_host_drain", "--hosts=" + A, "devcluster")).out())
        .isEqualTo("Draining hosts under SLA: " + A + "\n" + A + " is in state: DRAINING\n");
    // One instance moves; the other waits on A, the host still DRAINING, until its replacement has run 5 s.
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
        Set.copyOf(placements("hello_sla").values()).equals(Set.of(A + " RUNNING", B + " RUNNING"))
            && hostStatus(A).equals(A + " is in state: DRAINING\n"));
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(placements("hello_sla")).isEqualTo(Map.of(0, B + " RUNNING", 1, B + " RUNNING"));
      assertThat(hostStatus(A)).isEqualTo(A + " is in state: DRAINED\n");
    });

    // The second original left RUNNING only once the first replacement had been RUNNING for the SLA's 5 s.
    List<JsonNode> moved = tasks(key("hello_sla"), "inactive");
    List<JsonNode> replacements = tasks(key("hello_sla"), "active");
    assertThat(moved).hasSize(2);
    long secondLeft = Math.max(leftRunning(moved.get(0)), leftRunning(moved.get(1)));
    long firstUp = replacements.stream().mapToLong(t -> eventTime(t, "RUNNING")).min().orElseThrow();
    assertThat(secondLeft - firstUp).isGreaterThanOrEqualTo(5000);

    assertThat(ok(admin("host_activate", "--hosts=" + A, "devcluster")).out()).isEqualTo(A + " is in state: NONE\n");
    // One instance a host: A takes tasks again.
    ok(aurora("job", "create", "--wait-until", "RUNNING", "--wait-timeout", "60", key("spread"), jobs.toString()));
    assertThat(Set.copyOf(placements("spread").values())).isEqualTo(Set.of(A + " RUNNING", B + " RUNNING"));
  }

  private static final Pattern UPTIME_LINE = Pattern.compile("(\\d+\\.\\d) percentile\t- (\\d+)\\.0 seconds");

  @Test
  @Order(2)
  void slaFiguresOfTheRunningInstances() throws Exception {
    List<Long> started = new ArrayList<>();
    tasks(key("hello_sla"), "active").forEach(t -> started.add(eventTime(t, "STARTING")));
    started.sort(null);  // the older instance first
    long before = System.currentTimeMillis();
    Result uptime = ok(aurora("sla", "get-job-uptime", key("hello_sla")));
    long after = System.currentTimeMillis();
    List<String> lines = uptime.out().lines().toList();
    assertThat(lines).hasSize(9);
    List<String> percentiles = new ArrayList<>();
    for (String line : lines) {
      Matcher m = UPTIME_LINE.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      percentiles.add(m.group(1));
      double p = Double.parseDouble(m.group(1));
      long seconds = Long.parseLong(m.group(2));
      // Half of two instances or more: the younger one's uptime; fewer: the older one's, up 5 s at least.
      long start = p >= 50 ? started.get(1) : started.get(0);
      assertThat(seconds).as(line).isBetween((before - start) / 1000, (after - start) / 1000);
      if (p < 50) {
        assertThat(seconds).as(line).isGreaterThanOrEqualTo(5);
      }
    }
    assertThat(percentiles).containsExactly("99.0", "95.0", "90.0", "85.0", "75.0", "60.0", "50.0", "30.0", "10.0");

    Result upCount = ok(aurora("sla", "get-task-up-count", key("hello_sla")));
    assertThat(upCount.out()).matches("""
        60 secs\t- \\d+\\.\\d\\d %
        600 secs\t- \\d+\\.\\d\\d %
        3600 secs\t- 0\\.00 %
        43200 secs\t- 0\\.00 %
        604800 secs\t- 0\\.00 %
        """);
    await().atMost(WAIT).untilAsserted(() -> assertThat(ok(aurora("sla", "get-task-up-count", "--durations=5s,1h",
        key("hello_sla"))).out()).isEqualTo("5 secs\t- 100.00 %\n3600 secs\t- 0.00 %\n"));
  }

  @Test
  @Order(3)
  void safeDomainAndProbeFollowWhereTheTasksRun() {
    // hello_sla runs both instances on B; spread one on each host.
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(ok(admin("sla_list_safe_domain", "--min_job_instance_count=2", "devcluster", "50", "1s")).out())
          .isEqualTo(A + "\n");
      assertThat(ok(admin("sla_list_safe_domain", "-l", "--min_job_instance_count=2", "devcluster", "50", "1s"))
          .out()).isEqualTo(A + "\t" + key("spread") + "\t50.00\t1\n");
      assertThat(ok(admin("sla_probe_hosts", "--hosts=" + A + "," + B, "--min_job_instance_count=2", "devcluster",
          "50", "1s")).out()).isEqualTo(A + "\t" + key("spread") + "\t50.00\tTrue\t0\n"
          + B + "\t" + key("hello_sla") + "\t0.00\tFalse\tn/a\n"
          + B + "\t" + key("spread") + "\t50.00\tTrue\t0\n");
    });
    assertThat(ok(admin("sla_list_safe_domain", "--min_job_instance_count=2", "devcluster", "100", "1s")).out())
        .isEmpty();
    // Aurora's default leaves out jobs of fewer than 10 instances: nothing here is considered, nothing is safe.
    assertThat(ok(admin("sla_probe_hosts", "--hosts=" + A, "devcluster", "50", "1s")).out()).isEmpty();
  }

  @Test
  @Order(4)
  void reconciliationKeepsTasksRunningAndPruningForgetsOnlyFinishedTasks() throws Exception {
    Map<String, String> sla = activeTasks("hello_sla");
    Map<String, String> running = new TreeMap<>(sla);
    running.putAll(activeTasks("spread"));
    assertThat(running).hasSize(4).allSatisfy((id, state) -> assertThat(state).endsWith(" RUNNING"));
    AtomicLong updates = scheduler.stats().counter("task_status_updates");

    long seen = updates.get();
    assertThat(ok(admin("reconcile_tasks", "--type=explicit", "devcluster")).out())
        .isEqualTo("Explicit reconciliation started for 4 task(s) in batches of 1000\n");
    // Mesos answers each task asked about; the answers change nothing.
    await().atMost(WAIT).until(() -> updates.get() >= seen + 4);
    assertThat(activeTasksOf("hello_sla", "spread")).isEqualTo(running);

    long seenBefore = updates.get();
    assertThat(ok(admin("reconcile_tasks", "--type=implicit", "devcluster")).out())
        .isEqualTo("Implicit reconciliation started\n");
    await().atMost(WAIT).until(() -> updates.get() >= seenBefore + 4);
    assertThat(activeTasksOf("hello_sla", "spread")).isEqualTo(running);

    ok(aurora("job", "killall", key("spread"), "--wait-timeout", "60"));
    await().atMost(WAIT).until(() -> tasks(key("spread"), "active").isEmpty());
    Set<String> finished = new java.util.TreeSet<>();
    for (String name : List.of("hello_sla", "spread")) {
      tasks(key(name), "inactive").forEach(t -> finished.add(t.path("assignedTask").path("taskId").asText()));
    }
    assertThat(finished).hasSize(4);  // the two tasks the drain moved, the two killed
    Result pruned = ok(admin("prune_tasks", "devcluster"));
    assertThat(pruned.out()).startsWith("Tasks pruned.\n");
    assertThat(pruned.out().lines().skip(1).collect(Collectors.toSet())).isEqualTo(finished);
    assertThat(aurora("job", "status", key("spread")).out()).isEqualTo("No tasks found for job " + key("spread")
        + "\n");
    assertThat(aurora("job", "status", key("hello_sla")).out()).contains("Active tasks (2):", "Inactive tasks (0):");
    assertThat(activeTasks("hello_sla")).isEqualTo(sla);
  }

  static Map<String, String> activeTasksOf(String... names) {
    Map<String, String> out = new TreeMap<>();
    for (String name : names) {
      out.putAll(activeTasks(name));
    }
    return out;
  }

  @Test
  @Order(5)
  void onlineRecoveryThroughTheCommands() throws Exception {
    // A job that never fits (no host is in rack 'nowhere') stays PENDING; the backup holds it.
    ok(aurora("job", "create", key("doomed"), jobs.toString()));
    Map<String, String> sla = activeTasks("hello_sla");
    String doomedId = activeTasks("doomed").keySet().iterator().next();
    Result backup = ok(admin("scheduler_backup_now", "devcluster"));
    assertThat(backup.out()).startsWith("Backup written to " + dir.resolve("backups"));
    String name = Path.of(backup.out().trim().substring("Backup written to ".length())).getFileName().toString();
    assertThat(ok(admin("scheduler_list_backups", "devcluster")).out().lines()).contains(name);
    // After the backup: the doomed job is killed.
    ok(aurora("job", "killall", key("doomed")));

    assertThat(ok(admin("scheduler_stage_recovery", "devcluster", name)).out())
        .isEqualTo("Staged recovery from backup " + name + ": 2 job(s), 3 task(s)\n");  // hello_sla and doomed
    List<String> rows = new ArrayList<>();
    sla.keySet().forEach(id -> rows.add(String.join("\t", ROLE, "hello_sla", instanceOf(id), "RUNNING", id)));
    rows.add(String.join("\t", ROLE, "doomed", "0", "PENDING", doomedId));
    Result printed = ok(admin("scheduler_print_recovery_tasks", "devcluster"));
    assertThat(printed.out()).startsWith("Role\tJob\tShard\tStatus\tTask ID\n");
    assertThat(printed.out().lines().skip(1)).containsExactlyInAnyOrderElementsOf(rows);

    assertThat(ok(admin("scheduler_delete_recovery_tasks", "devcluster", doomedId)).out())
        .isEqualTo("Deleted 1 task(s) from the staged recovery\n" + doomedId + "\n");
    assertThat(ok(admin("scheduler_print_recovery_tasks", "devcluster")).out().lines().skip(1))
        .containsExactlyInAnyOrderElementsOf(rows.subList(0, 2));
    assertThat(ok(admin("scheduler_commit_recovery", "devcluster")).out())
        .isEqualTo("Recovery from backup " + name + " committed: 2 job(s), 2 task(s)\n");
    // The backup's state, without the deleted task: the killed doomed task is gone, hello_sla runs on.
    assertThat(aurora("job", "status", key("doomed")).out())
        .isEqualTo("No tasks found for job " + key("doomed") + "\n");
    assertThat(activeTasks("hello_sla")).isEqualTo(sla);

    // A second stage, unloaded: the live state stays as it is.
    assertThat(ok(admin("scheduler_stage_recovery", "devcluster", name)).out())
        .isEqualTo("Staged recovery from backup " + name + ": 2 job(s), 3 task(s)\n");
    assertThat(ok(admin("scheduler_unload_recovery", "devcluster")).out())
        .isEqualTo("Unloaded the staged recovery from backup " + name + "\n");
    Result none = admin("scheduler_print_recovery_tasks", "devcluster");
    assertThat(none.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(none.err()).contains("no backup is staged; stage one first (aurora-admin scheduler_stage_recovery)");
    assertThat(aurora("job", "status", key("doomed")).out())
        .isEqualTo("No tasks found for job " + key("doomed") + "\n");
    assertThat(activeTasks("hello_sla")).isEqualTo(sla);
  }

  /** The instance of a task id {@code role-env-name-instance-uuid}. */
  static String instanceOf(String taskId) {
    Matcher m = Pattern.compile("-(\\d+)-[0-9a-f-]+$").matcher(taskId);
    assertThat(m.find()).as(taskId).isTrue();
    return m.group(1);
  }

  @Test
  @Order(6)
  void quotaShowsProductionJobsCronTemplatesActiveUpdatesAndGpus() throws Exception {
    assertThat(ok(admin("set_quota", "devcluster", ROLE, "2", "1g", "1g")).out())
        .isEqualTo("Quota of " + ROLE + " set to cpu 2.0, ram 1024 MB, disk 1024 MB\n");
    ok(aurora("job", "create", key("prod"), jobs.toString()));
    ok(aurora("cron", "schedule", key("nightly"), jobs.toString()));
    ok(aurora("job", "create", "--wait-until", "RUNNING", "--wait-timeout", "60", key("gpu"), jobs.toString()));
    Path bigger = Files.writeString(dir.resolve("operators_update.aurora"), jobsFile(96));
    assertThat(ok(aurora("update", "start", key("prod"), bigger.toString())).out())
        .startsWith("Job update has started.");
    assertThat(ok(aurora("update", "pause", key("prod"))).out()).isEqualTo("Update has been paused.\n");

    // Production: prod at the larger of before (32 MB) and after its update (96 MB), and the cron template's
    // 2 x (0.5 CPU, 64 MB, 128 MB). Not production: hello_sla's 2 tasks and the GPU job's.
    assertThat(ok(aurora("quota", "get", "devcluster/" + ROLE)).out()).isEqualTo("""
        Allocated:
          CPU: 2.0
          RAM: 1.000000 GB
          Disk: 1.000000 GB
        Production shared pool resources consumed:
          CPU: 1.25
          RAM: 0.218750 GB
          Disk: 0.265625 GB
        Production dedicated pool resources consumed:
          CPU: 0.0
          RAM: 0.000000 GB
          Disk: 0.000000 GB
        Non-production shared pool resources consumed:
          CPU: 0.75
          RAM: 0.093750 GB
          Disk: 0.046875 GB
          GPU: 1
        Non-production dedicated pool resources consumed:
          CPU: 0.0
          RAM: 0.000000 GB
          Disk: 0.000000 GB
        """);
  }
}
