package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.Tasks;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real executor, started by the Mesos emulator's agent as its own JVM from an ExecutorInfo
 * command, the way Aurora's scheduler launches it: STARTING, RUNNING, kill, KILLED, checkpoint.
 */
class ExecutorOnEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path workDir;

  static EmulatorCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmulatorCluster.builder(workDir).start();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  /** Runs ThermosExecutorMain from this test's class path, as the packaged launcher would run the jar. */
  static ExecutorInfo thermosExecutor(String id) {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "exec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp '"
        + classPath.replace(File.pathSeparator, ":") + "' io.github.auroradist.executor.ThermosExecutorMain --nosetuid";
    return ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue(id)).setName("AuroraExecutor")
        .setType(ExecutorInfo.Type.CUSTOM)
        .setCommand(CommandInfo.newBuilder().setValue(command).setShell(true))
        .addResources(Tasks.scalar("cpus", 0.1)).addResources(Tasks.scalar("mem", 64)).build();
  }

  /** A task of job www-data/prod/hello for the executor, as Aurora's scheduler builds it. */
  static TaskInfo thermosTask(Offer offer, String taskId, ExecutorInfo executor, String thermosJson)
      throws Exception {
    ObjectNode data = JSON.createObjectNode();
    data.put("taskId", taskId);
    data.put("instanceId", 0);
    data.put("role", "www-data");
    data.put("environment", "prod");
    data.put("jobName", "hello");
    data.putObject("assignedPorts");
    data.put("executorData", thermosJson);
    return TaskInfo.newBuilder().setName("hello").setTaskId(TaskID.newBuilder().setValue(taskId))
        .setAgentId(offer.getAgentId()).setExecutor(executor)
        .addResources(Tasks.scalar("cpus", 0.5)).addResources(Tasks.scalar("mem", 128))
        .setData(ByteString.copyFrom(JSON.writeValueAsBytes(data))).build();
  }

  /** The agent keeps the executor's stdout and stderr in the run directory. */
  private static String executorOutput() throws Exception {
    StringBuilder out = new StringBuilder();
    try (var files = Files.walk(workDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("stdout|stderr")
          && !p.toString().contains(".logs")).toList()) {
        out.append("== ").append(f).append('\n').append(Files.readString(f)).append('\n');
      }
    }
    return out.toString();
  }

  @Test
  void theAgentStartsTheExecutorWhichRunsAndKillsTheTask() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(cluster.masterUri(),
        SchedulerConnection.framework("aurora").build())) {
      Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      String taskId = "www-data-prod-hello-0-abc";
      String thermos = "{\"role\": \"www-data\", \"environment\": \"prod\", \"name\": \"hello\", \"task\": {"
          + "\"name\": \"hello\", \"finalization_wait\": 5, \"processes\": ["
          + "{\"name\": \"hello\", \"cmdline\": \"echo hello from {{mesos.instance}}; exec sleep 600\"}]}}";
      TaskInfo task = thermosTask(offer, taskId, thermosExecutor("thermos-" + taskId), thermos);
      scheduler.call(Tasks.launch(offer, List.of(task)));

      TaskStatus running;
      try {
        // The agent forwards a task's next update only once the previous one is acknowledged.
        scheduler.call(Tasks.acknowledge(
            scheduler.awaitUpdate(taskId, TaskState.TASK_STARTING, WAIT).getUpdate().getStatus()));
        running = scheduler.awaitUpdate(taskId, TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
      } catch (AssertionError e) {
        String state = SchedulerConnection.HTTP.send(java.net.http.HttpRequest.newBuilder(
            cluster.agents().get(0).uri().resolve("/state")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        throw new AssertionError(e.getMessage() + "\nexecutor output:\n" + executorOutput() + "\nagent state: "
            + state, e);
      }
      scheduler.call(Tasks.acknowledge(running));
      Path runDir = workDir.resolve("agent-0").resolve("slaves").resolve(offer.getAgentId().getValue())
          .resolve("frameworks").resolve(scheduler.frameworkId.getValue()).resolve("executors")
          .resolve("thermos-" + taskId).resolve("runs").resolve("latest");
      Path stdout = runDir.resolve("sandbox/.logs/hello/0/stdout");
      await().atMost(WAIT).until(() -> Files.exists(stdout) && Files.readString(stdout).contains("hello from 0"));

      scheduler.call(Tasks.kill(taskId, offer.getAgentId()));
      TaskStatus killed = scheduler.awaitUpdate(taskId, TaskState.TASK_KILLED, WAIT).getUpdate().getStatus();
      scheduler.call(Tasks.acknowledge(killed));
      assertThat(killed.getMessage()).contains("Killed by the scheduler");

      TaskCheckpoint cp = Checkpoints.read(Checkpoints.file(runDir.toRealPath(), taskId));
      assertThat(cp.state()).isEqualTo(io.github.auroradist.common.thermos.checkpoint.TaskState.KILLED);
      assertThat(cp.latestRun("hello").orElseThrow().state()).isEqualTo(ProcessState.KILLED);
      long pid = cp.latestRun("hello").orElseThrow().pid();
      await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
  }
}
