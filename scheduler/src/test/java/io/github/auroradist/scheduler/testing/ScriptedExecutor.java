package io.github.auroradist.scheduler.testing;

import io.github.auroradist.common.model.ExecutorTaskData;
import io.github.auroradist.mesos.executor.ExecutorEnvironment;
import io.github.auroradist.mesos.executor.ExecutorListener;
import io.github.auroradist.mesos.executor.MesosExecutorClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A stand-in for the Thermos executor in scheduler tests. It reads the scheduler's task data
 * ({@link ExecutorTaskData}) and acts on its {@code executorData}: {@code run} (RUNNING until
 * killed), {@code finish:MS} (RUNNING, then FINISHED after MS milliseconds), {@code fail:MS}
 * (RUNNING, then FAILED), {@code exit} (the process exits at once, before the task ever runs). It writes the
 * task data it received to {@code task.json} in its sandbox, and the ExecutorInfo the agent gave it (with the
 * container the scheduler asked for) to {@code executor_info.pb}.
 */
public final class ScriptedExecutor {
  /** The file in the sandbox with the ExecutorInfo the agent sent on subscription. */
  public static final String EXECUTOR_INFO = "executor_info.pb";
  private static final CountDownLatch DONE = new CountDownLatch(1);
  private static MesosExecutorClient client;

  private ScriptedExecutor() {
  }

  /** The shell command that starts this executor with the test class path. */
  public static String command() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "exec " + java + " -Xshare:auto -XX:TieredStopAtLevel=1 -Xmx64m -cp "
        + System.getProperty("java.class.path") + " " + ScriptedExecutor.class.getName();
  }

  public static void main(String[] args) throws Exception {
    ExecutorEnvironment env = ExecutorEnvironment.fromEnvironment();
    client = new MesosExecutorClient(env, new ExecutorListener() {
      @Override
      public void subscribed(ExecutorInfo executor, FrameworkInfo framework, AgentInfo agent) {
        try {
          Files.write(env.directory().resolve(EXECUTOR_INFO), executor.toByteArray());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public void launch(TaskInfo task) {
        Thread t = new Thread(() -> run(env.directory(), task), "task");
        t.setDaemon(true);
        t.start();
      }

      @Override
      public void kill(TaskID task, Optional<KillPolicy> killPolicy) {
        finish(task, TaskState.TASK_KILLED, "killed by request");
      }

      @Override
      public void shutdown() {
        DONE.countDown();
      }
    });
    client.start();
    DONE.await();
    // The agent has our last updates before we go (or we give up after a while).
    awaitQuietly(() -> client.unacknowledgedUpdates().isEmpty());
    System.exit(0);
  }

  private static void awaitQuietly(java.util.concurrent.Callable<Boolean> condition) {
    try {
      Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(condition);
    } catch (ConditionTimeoutException e) {
      // exit anyway: the agent reports the task from the executor's end
    }
  }

  private static void run(Path sandbox, TaskInfo task) {
    try {
      ExecutorTaskData data = ExecutorTaskData.fromJson(task.getData().toByteArray());
      Files.write(sandbox.resolve("task.json"), task.getData().toByteArray(), StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
      if ("exit".equals(data.executorData())) {
        Runtime.getRuntime().halt(1);
      }
      client.update(status(task.getTaskId(), TaskState.TASK_RUNNING, "running on " + data.agentHost()
          + " ports " + data.assignedPorts()));
      String behaviour = data.executorData() == null ? "run" : data.executorData();
      if (behaviour.startsWith("finish:") || behaviour.startsWith("fail:")) {
        Thread.sleep(Long.parseLong(behaviour.substring(behaviour.indexOf(':') + 1)));
        finish(task.getTaskId(), behaviour.startsWith("finish:") ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED,
            behaviour);
      }
    } catch (Exception e) {
      try {
        Files.writeString(sandbox.resolve("error"), e.toString(), StandardCharsets.UTF_8);
      } catch (Exception ignored) {
        // nothing more to do
      }
      finish(task.getTaskId(), TaskState.TASK_FAILED, e.toString());
    }
  }

  private static void finish(TaskID task, TaskState state, String message) {
    client.update(status(task, state, message));
    Thread exit = new Thread(() -> {
      awaitQuietly(() -> !client.isUnacknowledged(task));
      DONE.countDown();
    });
    exit.setDaemon(true);
    exit.start();
  }

  private static TaskStatus status(TaskID task, TaskState state, String message) {
    return TaskStatus.newBuilder().setTaskId(task).setState(state).setMessage(message).build();
  }
}
