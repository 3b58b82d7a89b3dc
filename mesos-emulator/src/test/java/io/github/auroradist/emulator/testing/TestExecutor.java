package io.github.auroradist.emulator.testing;

import com.google.protobuf.ByteString;
import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.recordio.RecordIo;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A minimal executor speaking the raw executor HTTP API, for tests (until real executor clients are
 * used). What it does with a task is in the task's data:
 * {@code run} (default: RUNNING, then KILLED on kill), {@code finish} (RUNNING then FINISHED),
 * {@code exit:N} (RUNNING, then exits with N without a terminal update),
 * {@code message} (sends a framework message "hello from TASK"), {@code ignore-shutdown} (ignores SHUTDOWN),
 * {@code resubscribe} (RUNNING, then drops its stream and subscribes again carrying a FINISHED update it never
 * sent), {@code spawn-child} (starts a sleeping child whose pid goes to the file {@code child.pid}). It records
 * what it saw in files in its sandbox: {@code executor-env} (the MESOS_* variables), {@code events} (one line
 * per event).
 */
public final class TestExecutor {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static URI endpoint;
  private static FrameworkID frameworkId;
  private static ExecutorID executorId;
  private static Path sandbox;
  private static final Map<String, String> behaviours = new ConcurrentHashMap<>();

  private TestExecutor() {}

  /** The shell command that starts this executor with the current (test) class path. */
  public static String command() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "exec '" + java + "' -Xshare:auto -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
        + "' '" + TestExecutor.class.getName() + "'";
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    endpoint = URI.create("http://" + env.get("MESOS_AGENT_ENDPOINT") + "/api/v1/executor");
    frameworkId = FrameworkID.newBuilder().setValue(env.get("MESOS_FRAMEWORK_ID")).build();
    executorId = ExecutorID.newBuilder().setValue(env.get("MESOS_EXECUTOR_ID")).build();
    sandbox = Path.of(env.get("MESOS_SANDBOX"));
    StringBuilder vars = new StringBuilder();
    new TreeMap<>(env).forEach((k, v) -> {
      if (k.startsWith("MESOS_") || k.startsWith("TEST_")) {
        vars.append(k).append('=').append(v).append('\n');
      }
    });
    Files.writeString(sandbox.resolve("executor-env"), vars);
    System.out.println("test executor " + executorId.getValue() + " starting in " + Path.of("").toAbsolutePath());
    System.out.flush();

    Call.Subscribe subscribe = Call.Subscribe.getDefaultInstance();
    while (true) {
      HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(endpoint)
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(MesosContentType.JSON.encode(Call.newBuilder()
              .setType(Call.Type.SUBSCRIBE).setFrameworkId(frameworkId).setExecutorId(executorId)
              .setSubscribe(subscribe).build()))).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        System.err.println("SUBSCRIBE failed: " + response.statusCode() + " " + body);
        System.exit(2);
      }
      resubscribeWith = null;
      readEvents(response.body());
      if (resubscribeWith == null) {
        break;
      }
      response.body().close();
      subscribe = resubscribeWith;
    }
    System.out.println("agent closed the stream; exiting");
    System.exit(0);
  }

  /** Set by the "resubscribe" behaviour: drop the stream and subscribe again with this. */
  private static volatile Call.Subscribe resubscribeWith;

  private static void readEvents(InputStream body) throws Exception {
    RecordIo.Reader reader = new RecordIo.Reader(body);
    byte[] record;
    while ((record = reader.next()) != null) {
      Event event = MesosContentType.JSON.decode(record, Event.getDefaultInstance());
      log(event.getType().name() + detail(event));
      switch (event.getType()) {
        case LAUNCH -> launch(event.getLaunch().getTask());
        case KILL -> {
          String taskId = event.getKill().getTaskId().getValue();
          update(taskId, TaskState.TASK_KILLED, "killed by the test executor");
        }
        case SHUTDOWN -> {
          if (!behaviours.containsValue("ignore-shutdown")) {
            for (String taskId : behaviours.keySet()) {
              update(taskId, TaskState.TASK_KILLED, "shut down");
            }
            System.out.println("shutting down");
            System.exit(0);
          }
        }
        default -> { }
      }
      if (resubscribeWith != null) {
        return;
      }
    }
  }

  private static String detail(Event event) {
    return switch (event.getType()) {
      case LAUNCH -> " " + event.getLaunch().getTask().getTaskId().getValue();
      case KILL -> " " + event.getKill().getTaskId().getValue();
      case ACKNOWLEDGED -> " " + event.getAcknowledged().getTaskId().getValue();
      case MESSAGE -> " " + event.getMessage().getData().toStringUtf8();
      case SUBSCRIBED -> " " + event.getSubscribed().getAgentInfo().getId().getValue() + " "
          + event.getSubscribed().getFrameworkInfo().getId().getValue() + " "
          + event.getSubscribed().getExecutorInfo().getExecutorId().getValue();
      default -> "";
    };
  }

  private static void launch(TaskInfo task) throws Exception {
    String taskId = task.getTaskId().getValue();
    String behaviour = task.getData().isEmpty() ? "run" : task.getData().toStringUtf8();
    behaviours.put(taskId, behaviour);
    update(taskId, TaskState.TASK_RUNNING, "running " + behaviour);
    if (behaviour.equals("finish")) {
      update(taskId, TaskState.TASK_FINISHED, "done");
      behaviours.remove(taskId);
    } else if (behaviour.startsWith("exit:")) {
      System.exit(Integer.parseInt(behaviour.substring(5)));
    } else if (behaviour.equals("message")) {
      Call message = Call.newBuilder().setType(Call.Type.MESSAGE).setFrameworkId(frameworkId).setExecutorId(executorId)
          .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("hello from " + taskId))).build();
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(MesosContentType.JSON.encode(message))).build(),
          HttpResponse.BodyHandlers.ofString());
      log("MESSAGE sent -> " + r.statusCode());
    } else if (behaviour.equals("resubscribe")) {
      // Reconnect, handing the agent an update it never got through UPDATE.
      TaskStatus finished = status(taskId, TaskState.TASK_FINISHED, "finished while disconnected");
      resubscribeWith = Call.Subscribe.newBuilder().addUnacknowledgedTasks(task)
          .addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(finished)).build();
      behaviours.remove(taskId);
    } else if (behaviour.equals("spawn-child")) {
      Process child = new ProcessBuilder("sleep", "1000").start();
      Files.writeString(sandbox.resolve("child.pid"), Long.toString(child.pid()));
    }
  }

  private static void update(String taskId, TaskState state, String message) throws Exception {
    TaskStatus status = status(taskId, state, message);
    Call call = Call.newBuilder().setType(Call.Type.UPDATE).setFrameworkId(frameworkId).setExecutorId(executorId)
        .setUpdate(Call.Update.newBuilder().setStatus(status)).build();
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosContentType.JSON.encode(call))).build(),
        HttpResponse.BodyHandlers.ofString());
    log("UPDATE " + taskId + " " + state + " -> " + r.statusCode());
  }

  private static TaskStatus status(String taskId, TaskState state, String message) {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits());
    TaskStatus status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setMessage(message).setExecutorId(executorId)
        .setUuid(ByteString.copyFrom(bytes.array())).setTimestamp(System.currentTimeMillis() / 1000.0).build();
    return status;
  }

  private static synchronized void log(String line) throws Exception {
    Files.writeString(sandbox.resolve("events"), line + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
