package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.common.process.ExecutorHeap;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.Tasks;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
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
 * A task whose executor data is 3.5 MB, launched on the emulator's agent with the packaged executor's JVM options
 * (a 32 MiB heap, exit on OutOfMemoryError): with the heap the scheduler sizes from the data it runs; without,
 * the task ends at once, reported by the agent, instead of sitting in STARTING beside an idle executor JVM.
 */
class LargeExecutorDataTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<TaskState> ENDED = Set.of(TaskState.TASK_FAILED, TaskState.TASK_LOST,
      TaskState.TASK_ERROR, TaskState.TASK_GONE);

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

  private static byte[] largeData(String taskId) throws Exception {
    ObjectNode thermos = JSON.createObjectNode();
    thermos.put("role", "www-data").put("environment", "prod").put("name", "large");
    ObjectNode task = thermos.putObject("task");
    task.put("name", "large").put("finalization_wait", 5);
    task.putArray("processes").addObject().put("name", "serve").put("cmdline", "exec sleep 600");
    // A field Thermos ignores: a command line this long would exceed what execve takes.
    thermos.put("notes", "x".repeat(3_500_000));
    ObjectNode data = JSON.createObjectNode();
    data.put("taskId", taskId).put("instanceId", 0).put("role", "www-data").put("environment", "prod")
        .put("jobName", "large").put("executorData", JSON.writeValueAsString(thermos));
    data.putObject("assignedPorts");
    return JSON.writeValueAsBytes(data);
  }

  /** Launches a task with 3.5 MB of data; {@code sized}: with the heap option the scheduler gives such a task. */
  private static TaskInfo launch(SchedulerConnection scheduler, String taskId, boolean sized) throws Exception {
    Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
    byte[] data = largeData(taskId);
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "exec '" + java + "' -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xmx32m"
        + " -XX:TieredStopAtLevel=1 ${" + ExecutorHeap.VARIABLE + ":-} -cp '"
        + classPath.replace(File.pathSeparator, ":") + "' io.github.auroradist.executor.ThermosExecutorMain --nosetuid";
    CommandInfo.Builder commandInfo = CommandInfo.newBuilder().setValue(command).setShell(true);
    if (sized) {
      commandInfo.setEnvironment(Environment.newBuilder().addVariables(Environment.Variable.newBuilder()
          .setName(ExecutorHeap.VARIABLE).setValue(ExecutorHeap.option(data.length))));
    }
    ExecutorInfo executor = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("thermos-"
        + taskId)).setName("AuroraExecutor").setType(ExecutorInfo.Type.CUSTOM).setCommand(commandInfo)
        .addResources(Tasks.scalar("cpus", 0.1)).addResources(Tasks.scalar("mem", 64)).build();
    TaskInfo task = TaskInfo.newBuilder().setName("large").setTaskId(TaskID.newBuilder().setValue(taskId))
        .setAgentId(offer.getAgentId()).setExecutor(executor)
        .addResources(Tasks.scalar("cpus", 0.2)).addResources(Tasks.scalar("mem", 128))
        .setData(ByteString.copyFrom(data)).build();
    scheduler.call(Tasks.launch(offer, List.of(task)));
    return task;
  }

  @Test
  void withTheHeapSizedFromTheDataTheTaskRuns() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(cluster.masterUri(),
        SchedulerConnection.framework("sized").build())) {
      String taskId = "www-data-prod-large-0-sized";
      TaskInfo task = launch(scheduler, taskId, true);
      scheduler.call(Tasks.acknowledge(
          scheduler.awaitUpdate(taskId, TaskState.TASK_STARTING, WAIT).getUpdate().getStatus()));
      TaskStatus running = scheduler.awaitUpdate(taskId, TaskState.TASK_RUNNING, WAIT).getUpdate().getStatus();
      scheduler.call(Tasks.acknowledge(running));
      scheduler.call(Tasks.kill(taskId, task.getAgentId()));
      scheduler.awaitUpdate(taskId, TaskState.TASK_KILLED, WAIT);
    }
  }

  @Test
  void withTheDefaultHeapTheTaskEndsAtOnce() throws Exception {
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(cluster.masterUri(),
        SchedulerConnection.framework("default-heap").build())) {
      String taskId = "www-data-prod-large-0-default";
      launch(scheduler, taskId, false);
      // The agent forwards a task's next update only once the previous one is acknowledged.
      scheduler.call(Tasks.acknowledge(
          scheduler.awaitUpdate(taskId, TaskState.TASK_STARTING, WAIT).getUpdate().getStatus()));
      Event ended = scheduler.await(e -> e.getType() == Event.Type.UPDATE
          && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
          && ENDED.contains(e.getUpdate().getStatus().getState()), WAIT, "a terminal update of " + taskId);
      TaskStatus status = ended.getUpdate().getStatus();
      if (status.getState() == TaskState.TASK_FAILED && status.getMessage().contains("Task could not start")) {
        assertThat(status.getMessage()).contains("executor data").contains(ExecutorHeap.VARIABLE);
      }
    }
  }
}
