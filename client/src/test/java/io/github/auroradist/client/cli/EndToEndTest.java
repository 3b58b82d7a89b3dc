package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.AuroraCliTest.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.storage.LogDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A .aurora file all the way to running processes: the client creates the job on a real
 * scheduler, the Mesos emulator's agent launches the real Thermos executor, which runs the
 * processes from the client's JSON; the client then sees RUNNING and kills the job.
 */
class EndToEndTest {
  @TempDir static Path dir;
  static EmulatorCluster mesos;
  static Scheduler scheduler;
  static final String USER = System.getProperty("user.name");

  @BeforeAll
  static void start() throws Exception {
    Path work = dir.resolve("mesos");
    mesos = EmulatorCluster.builder(work).standardAgents().start();
    Path db = dir.resolve("db");
    new LogDirectory(db).initialize(UUID.randomUUID());
    scheduler = Scheduler.start(LoopbackCluster.settings(db, "-hostname=localhost",
        "-mesos_master_address=" + mesos.masterUri().getHost() + ":" + mesos.masterUri().getPort(),
        "-thermos_executor_path=" + thermosExecutor(), "-thermos_executor_flags=--nosetuid",
        "-thermos_executor_cpu=0.1", "-thermos_executor_ram=96MB",
        // restarted tasks ran briefly: keep the flapping back-off short for the test
        "-flapping_task_threshold=1secs", "-initial_flapping_task_delay=1secs"), e -> { });
    Path clusters = Files.writeString(dir.resolve("clusters.json"), "[{\"name\": \"devcluster\","
        + " \"scheduler_uri\": \"http://127.0.0.1:" + scheduler.httpPort() + "\", \"slave_root\": \""
        + work + "/agent-*\"}]");  // the emulator gives each local agent its own work dir
    ClientContext.clusterFiles = List.of(clusters);
  }

  /** The command that runs the real Thermos executor from this test's class path, in a small JVM. */
  static String thermosExecutor() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "exec " + java + " -Xshare:auto -XX:TieredStopAtLevel=1 -Xmx96m -cp "
        + System.getProperty("java.class.path") + " io.github.auroradist.executor.ThermosExecutorMain";
  }

  @AfterAll
  static void stop() throws Exception {
    ClientContext.clusterFiles = null;
    if (scheduler != null) {
      scheduler.close();
    }
    if (mesos != null) {
      mesos.close();
    }
  }

  @Test
  void createRunKill() throws Exception {
    Path config = Files.writeString(dir.resolve("hello.aurora"), """
        hello = Process(name = 'hello', cmdline = 'echo "hello {{greeting}} from instance {{mesos.instance}}'
                                                  ' on port {{thermos.ports[http]}}"; sleep 600')
        jobs = [Service(cluster = 'devcluster', role = '%s', environment = 'devel', name = 'hello',
                        task = Task(processes = [hello],
                                    resources = Resources(cpu = 0.2, ram = 32*MB, disk = 16*MB)))]
        """.formatted(USER));
    String key = "devcluster/" + USER + "/devel/hello";
    Result created = aurora("job", "create", "--wait-until", "RUNNING", "--wait-timeout", "120",
        "--bind", "greeting=world", key, config.toString());
    assertThat(created.code()).as(created.err()).isZero();

    Result status = aurora("job", "status", key, "--write-json");
    JsonNode task = new ObjectMapper().readTree(status.out()).get(0).path("active").get(0);
    assertThat(task.path("status").asText()).isEqualTo("RUNNING");
    String taskId = task.path("assignedTask").path("taskId").asText();
    int port = task.path("assignedTask").path("assignedPorts").path("http").asInt();
    assertThat(port).isBetween(31000, 31100);

    // The executor ran the process from the client's JSON, with executor-side variables bound.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stdout(taskId, "hello"))
        .hasValueSatisfying(out -> assertThat(out).contains(
            "hello world from instance 0 on port " + port)));

    // task run / ssh reach the sandbox through ssh; a stand-in runs the remote command here.
    Path fakeSsh = Files.writeString(dir.resolve("fake-ssh"), """
        #!/bin/bash
        # Stands in for ssh: drops the options and the host, runs the remote command locally.
        while [[ "$1" == -* ]]; do shift; done
        shift
        exec bash -c "$*"
        """);
    fakeSsh.toFile().setExecutable(true);
    TaskCommand.sshProgram = fakeSsh.toString();
    try {
      Result run = aurora("task", "run", key, "cat .logs/hello/0/stdout; echo port=%port:http% task=%task_id%");
      assertThat(run.code()).as(run.err() + run.out()).isZero();
      assertThat(run.out()).contains("localhost/0: hello world from instance 0 on port " + port,
          "localhost/0: port=" + port + " task=" + taskId);
      Result badPort = aurora("task", "run", key, "echo %port:admin%");
      assertThat(badPort.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
      assertThat(badPort.err()).contains("has no port named 'admin'");
      Result failing = aurora("task", "run", key, "exit 3");
      assertThat(failing.code()).isEqualTo(ExitCodes.COMMAND_FAILURE);
      assertThat(failing.out()).contains("(exit code 3)");
      assertThat(aurora("task", "ssh", key + "/0", "--command", "test -f .logs/hello/0/stdout").code()).isZero();
      assertThat(aurora("task", "ssh", key + "/0", "--command", "false").code()).isEqualTo(ExitCodes.COMMAND_FAILURE);
      assertThat(aurora("task", "ssh", key + "/5", "--command", "true").code()).isEqualTo(ExitCodes.COMMAND_FAILURE);
    } finally {
      TaskCommand.sshProgram = "ssh";
    }

    // task scp: a stand-in copies here what scp would copy from the agent (the sandbox path's globs expanded).
    Path fakeScp = Files.writeString(dir.resolve("fake-scp"), """
        #!/bin/bash
        # Stands in for scp: drops the options and each host: prefix, copies locally.
        while [[ "$1" == -* ]]; do shift; done
        args=()
        for a in "$@"; do args+=(${a#*:}); done
        exec cp -r "${args[@]}"
        """);
    fakeScp.toFile().setExecutable(true);
    TaskScpCommand.scpProgram = fakeScp.toString();
    try {
      Path copied = dir.resolve("copied-stdout");
      Result scp = aurora("task", "scp", key + "/0:.logs/hello/0/stdout", copied.toString());
      assertThat(scp.code()).as(scp.err()).isZero();
      assertThat(Files.readString(copied)).contains("hello world from instance 0 on port " + port);
      Result outside = aurora("task", "scp", key + "/0:.logs/../../../etc", dir.toString());
      assertThat(outside.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
      assertThat(outside.err()).contains("Permission denied: '.logs/../../../etc' is outside the task's sandbox");
      assertThat(aurora("task", "scp", key + "/7:x", dir.toString()).code()).isEqualTo(ExitCodes.COMMAND_FAILURE);
    } finally {
      TaskScpCommand.scpProgram = "scp";
    }

    // A rolling restart, one instance at a time: each comes back as a new RUNNING task.
    assertThat(aurora("job", "add", key + "/0", "1").code()).isZero();
    await().atMost(Duration.ofSeconds(90)).until(() ->
        aurora("job", "status", key).out().split("status: RUNNING", -1).length - 1 == 2);
    Result restart = aurora("job", "restart", key, "--batch-size", "1", "--watch-secs", "1",
        "--wait-timeout", "120");
    assertThat(restart.code()).as(restart.err()).isZero();
    assertThat(restart.out()).contains("Batch 1 of 2 (instances 0): 1 of 1 running again\n",
        "Batch 2 of 2 (instances 1): 1 of 1 running again\n", "2 instance(s) of " + key + " restarted");
    JsonNode after = new ObjectMapper().readTree(aurora("job", "status", key, "--write-json").out())
        .get(0).path("active");
    assertThat(after).hasSize(2).allSatisfy(t -> {
      assertThat(t.path("status").asText()).isEqualTo("RUNNING");
      assertThat(t.path("assignedTask").path("taskId").asText()).isNotEqualTo(taskId);
    });

    Result killed = aurora("job", "killall", key, "--wait-timeout", "120");
    assertThat(killed.code()).as(killed.err()).isZero();
    assertThat(aurora("job", "status", key).out()).contains("Active tasks (0):", "status: KILLED");
  }

  /**
   * An instance whose history holds FAILED tasks (it crash-looped, was killed, and its job was created again
   * healthy) restarts like any other: the restart judges only the task it started, not the old failures.
   */
  @Test
  void restartJudgesOnlyTheTasksItStarted() throws Exception {
    String key = "devcluster/" + USER + "/devel/flaky";
    Path crashing = Files.writeString(dir.resolve("flaky.aurora"), flakyConfig("exit 1"));
    assertThat(aurora("job", "create", key, crashing.toString()).code()).isZero();
    await().atMost(Duration.ofSeconds(90)).until(() -> tasks(key, "inactive").stream()
        .anyMatch(t -> t.path("status").asText().equals("FAILED")));
    Result killed = aurora("job", "killall", key, "--wait-timeout", "120");
    assertThat(killed.code()).as(killed.err()).isZero();

    Path healthy = Files.writeString(dir.resolve("flaky.aurora"), flakyConfig("sleep 600"));
    Result created = aurora("job", "create", "--wait-until", "RUNNING", "--wait-timeout", "120", key,
        healthy.toString());
    assertThat(created.code()).as(created.err()).isZero();
    String running = tasks(key, "active").get(0).path("assignedTask").path("taskId").asText();

    Result restart = aurora("job", "restart", key, "--watch-secs", "1", "--wait-timeout", "120");
    assertThat(restart.code()).as(restart.out() + restart.err()).isZero();
    assertThat(restart.out()).contains("1 instance(s) of " + key + " restarted");
    List<JsonNode> active = tasks(key, "active");
    assertThat(active).singleElement().satisfies(t -> {
      assertThat(t.path("status").asText()).isEqualTo("RUNNING");
      assertThat(t.path("assignedTask").path("taskId").asText()).isNotEqualTo(running);
    });
    assertThat(aurora("job", "killall", key, "--wait-timeout", "120").code()).isZero();
  }

  /**
   * A rolling update with real executors: to a version that runs, each instance is replaced and watched and the
   * update rolls forward; to one whose process fails, the first replaced instance fails and the update rolls back.
   */
  @Test
  void updatesRollForwardAndBack() throws Exception {
    String key = "devcluster/" + USER + "/devel/rolling";
    Path v1 = Files.writeString(dir.resolve("rolling.aurora"), rollingConfig("echo v1; sleep 600"));
    Result created = aurora("job", "create", "--wait-until", "RUNNING", "--wait-timeout", "120", key, v1.toString());
    assertThat(created.code()).as(created.err()).isZero();

    Path v2 = Files.writeString(dir.resolve("rolling.aurora"), rollingConfig("echo v2; sleep 600"));
    Result forward = aurora("update", "start", "--wait", "--wait-timeout", "240", key, v2.toString());
    assertThat(forward.code()).as(forward.out() + forward.err()).isZero();
    assertThat(forward.out()).startsWith("Job update has started.").endsWith("Current state ROLLED_FORWARD\n");
    String id = forward.out().replaceAll("(?s).*/update/([0-9a-f-]+)\n.*", "$1");
    assertThat(aurora("update", "info", key, id).out()).contains("Current status: ROLLED_FORWARD",
        "  Instance 0 at ", ": INSTANCE_UPDATED", "  Instance 1 at ");
    assertThat(aurora("job", "diff", key, v2.toString()).out()).startsWith("No differences");
    assertThat(tasks(key, "active")).hasSize(2).allSatisfy(t -> assertThat(t.path("assignedTask").path("task")
        .path("executorConfig").path("data").asText()).contains("echo v2"));

    Path broken = Files.writeString(dir.resolve("rolling.aurora"), rollingConfig("echo v3; exit 1"));
    Result back = aurora("update", "start", "--wait", "--wait-timeout", "240", key, broken.toString());
    assertThat(back.code()).as(back.out() + back.err()).isEqualTo(ExitCodes.COMMAND_FAILURE);
    assertThat(back.out()).endsWith("Current state ROLLED_BACK\n");
    assertThat(back.err()).contains("ended ROLLED_BACK, not ROLLED_FORWARD");
    assertThat(aurora("update", "info", key).code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(tasks(key, "active")).hasSize(2)
        .allSatisfy(t -> {
          assertThat(t.path("status").asText()).isEqualTo("RUNNING");
          assertThat(t.path("assignedTask").path("task").path("executorConfig").path("data").asText())
              .contains("echo v2");
        }));
    assertThat(aurora("job", "killall", key, "--wait-timeout", "120").code()).isZero();
  }

  static String rollingConfig(String cmdline) {
    return """
        rolling = Process(name = 'rolling', cmdline = '%s')
        jobs = [Service(cluster = 'devcluster', role = '%s', environment = 'devel', name = 'rolling', instances = 2,
                        update_config = UpdateConfig(batch_size = 1, watch_secs = 2),
                        task = Task(processes = [rolling],
                                    resources = Resources(cpu = 0.2, ram = 32*MB, disk = 16*MB)))]
        """.formatted(cmdline, USER);
  }

  static String flakyConfig(String cmdline) {
    return """
        flaky = Process(name = 'flaky', cmdline = '%s')
        jobs = [Service(cluster = 'devcluster', role = '%s', environment = 'devel', name = 'flaky',
                        task = Task(processes = [flaky],
                                    resources = Resources(cpu = 0.2, ram = 32*MB, disk = 16*MB)))]
        """.formatted(cmdline, USER);
  }

  /** The process's stdout in its sandbox under the agent's work directory. */
  static Optional<String> stdout(String taskId, String process) throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("mesos"))) {
      Optional<Path> log = files.filter(p -> p.toString().contains(taskId)
          && p.endsWith(Path.of(".logs", process, "0", "stdout"))).findFirst();
      return log.isPresent() ? Optional.of(Files.readString(log.get())) : Optional.empty();
    }
  }
}
