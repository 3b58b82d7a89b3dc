package io.github.auroradist.emulator.e2e;

import io.github.auroradist.emulator.timers.TimerThreads;
import io.github.auroradist.mesos.executor.ExecutorEnvironment;
import io.github.auroradist.mesos.executor.ExecutorListener;
import io.github.auroradist.mesos.executor.MesosExecutorClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * A test executor built on the real {@link MesosExecutorClient}: reports RUNNING, then FINISHED
 * after a moment when the task's data is {@code finish}, or KILLED when killed. It writes a file
 * {@code ran-<task>} in its sandbox and exits once every terminal update is acknowledged.
 */
public final class ClientTestExecutor implements ExecutorListener {
  private final MesosExecutorClient client;
  private final Path sandbox;
  private final Map<String, TaskState> tasks = new ConcurrentHashMap<>();
  private final TimerThreads timer = new TimerThreads("client-test-executor", 1);
  private final CountDownLatch done = new CountDownLatch(1);

  private ClientTestExecutor(ExecutorEnvironment env) {
    this.sandbox = env.directory();
    this.client = new MesosExecutorClient(env, this);
  }

  /** The shell command that starts this executor with the test class path. */
  public static String command() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "exec " + java + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path") + " "
        + ClientTestExecutor.class.getName();
  }

  public static void main(String[] args) throws Exception {
    ClientTestExecutor executor = new ClientTestExecutor(ExecutorEnvironment.fromEnvironment());
    executor.client.start();
    executor.done.await();
    executor.client.close();
    System.exit(0);
  }

  @Override
  public void subscribed(ExecutorInfo executor, FrameworkInfo framework, AgentInfo agent) {}

  @Override
  public void launch(TaskInfo task) {
    tasks.put(task.getTaskId().getValue(), TaskState.TASK_RUNNING);
    try {
      Files.writeString(sandbox.resolve("ran-" + task.getTaskId().getValue()), task.getData().toStringUtf8());
    } catch (Exception e) {
      send(task.getTaskId(), TaskState.TASK_FAILED, "cannot write the sandbox: " + e);
      return;
    }
    send(task.getTaskId(), TaskState.TASK_RUNNING, "running");
    if (task.getData().toString(StandardCharsets.UTF_8).equals("finish")) {
      // Not kept: nothing cancels it, and the timer threads log a failure.
      var unused = timer.schedule(() -> finish(task.getTaskId(), TaskState.TASK_FINISHED, "done"), 300,
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void kill(TaskID task, Optional<KillPolicy> killPolicy) {
    finish(task, TaskState.TASK_KILLED, "killed on request");
  }

  private void finish(TaskID task, TaskState state, String message) {
    if (tasks.replace(task.getValue(), TaskState.TASK_RUNNING, state)) {
      send(task, state, message);
    }
  }

  @Override
  public void acknowledged(TaskID task, com.google.protobuf.ByteString uuid) {
    boolean allEnded = tasks.values().stream().noneMatch(s -> s == TaskState.TASK_RUNNING);
    if (allEnded && client.unacknowledgedUpdates().isEmpty()) {
      done.countDown();
    }
  }

  @Override
  public void shutdown() {
    tasks.keySet().forEach(id -> finish(TaskID.newBuilder().setValue(id).build(), TaskState.TASK_KILLED, "shutdown"));
    done.countDown();
  }

  private void send(TaskID task, TaskState state, String message) {
    client.update(TaskStatus.newBuilder().setTaskId(task).setState(state).setMessage(message).build());
  }
}
