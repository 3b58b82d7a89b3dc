package io.github.auroradist.emulator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import io.github.auroradist.emulator.testing.Tasks;
import io.github.auroradist.mesos.http.MesosContentType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Executor registration timeout, shutdown with its grace period, and the executor API's refusals. */
class ExecutorLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path workDir;

  EmulatorCluster cluster;
  URI master;

  /** A cluster whose agent gives executors this long to subscribe. */
  private void start(Duration registrationTimeout) throws Exception {
    cluster = EmulatorCluster.builder(workDir).executorRegistrationTimeout(registrationTimeout)
        .executorShutdownGracePeriod(Duration.ofSeconds(1)).start();
    master = cluster.masterUri();
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Path sandbox(Offer offer, SchedulerConnection s, String executorId) {
    return cluster.runs(offer.getAgentId().getValue(), s.frameworkId.getValue(), executorId).resolve("latest");
  }

  private HttpResponse<String> executorCall(String contentType, byte[] body) throws Exception {
    URI executorApi = cluster.agents().get(0).uri().resolve("/api/v1/executor");
    return SchedulerConnection.HTTP.send(HttpRequest.newBuilder(executorApi)
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anExecutorThatNeverSubscribesIsKilledAndItsTasksFail() throws Exception {
    start(Duration.ofSeconds(3));
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("silent").build())) {
      Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      ExecutorInfo silent = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("silent"))
          .setCommand(CommandInfo.newBuilder().setValue("echo $$ > pid; exec sleep 60")).build();
      scheduler.call(Tasks.launch(offer, List.of(Tasks.executorTask("quiet", offer.getAgentId(), silent, "run"))));
      Path pidFile = sandbox(offer, scheduler, "silent").resolve("pid");
      await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
      long pid = Long.parseLong(Files.readString(pidFile).trim());

      // While it has not subscribed, the executor API refuses its other calls, and bad calls generally.
      TaskStatus status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("quiet"))
          .setState(TaskState.TASK_RUNNING).setUuid(com.google.protobuf.ByteString.copyFrom(new byte[16])).build();
      Call update = Call.newBuilder().setType(Call.Type.UPDATE).setFrameworkId(scheduler.frameworkId)
          .setExecutorId(silent.getExecutorId()).setUpdate(Call.Update.newBuilder().setStatus(status)).build();
      HttpResponse<String> notSubscribed = executorCall("application/json", MesosContentType.JSON.encode(update));
      assertThat(notSubscribed.statusCode()).isEqualTo(403);
      assertThat(notSubscribed.body()).contains("not subscribed");
      HttpResponse<String> unknownFramework = executorCall("application/json", MesosContentType.JSON.encode(
          update.toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("nope")).build()));
      assertThat(unknownFramework.statusCode()).isEqualTo(400);
      assertThat(unknownFramework.body()).contains("Framework cannot be found");
      HttpResponse<String> noExecutorId = executorCall("application/json",
          MesosContentType.JSON.encode(update.toBuilder().clearExecutorId().buildPartial()));
      assertThat(noExecutorId.statusCode()).isEqualTo(400);
      assertThat(noExecutorId.body()).contains("executor_id");
      HttpResponse<String> garbage = executorCall("application/json", "]]".getBytes(StandardCharsets.UTF_8));
      assertThat(garbage.statusCode()).isEqualTo(400);
      assertThat(garbage.body()).contains("Failed to parse");
      HttpResponse<String> noType = executorCall("application/json", "{}".getBytes(StandardCharsets.UTF_8));
      assertThat(noType.statusCode()).isEqualTo(400);
      assertThat(noType.body()).contains("framework_id");

      TaskStatus failed = scheduler.awaitUpdate("quiet", TaskState.TASK_FAILED, WAIT).getUpdate().getStatus();
      assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
      await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
      scheduler.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
          .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.TEARDOWN).build());
    }
  }

  @Test
  void shutdownEscalatesToSignalsForTheWholeProcessTree() throws Exception {
    start(WAIT); // a JVM executor on a loaded machine may take more than a few seconds to subscribe
    try (SchedulerConnection scheduler = SchedulerConnection.subscribe(master,
        SchedulerConnection.framework("stubborn").build())) {
      Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      ExecutorInfo executor = Tasks.testExecutor("stubborn");
      scheduler.call(Tasks.launch(offer, List.of(
          Tasks.executorTask("parent", offer.getAgentId(), executor, "spawn-child"),
          Tasks.executorTask("deaf", offer.getAgentId(), executor, "ignore-shutdown"))));
      scheduler.awaitUpdateAndAcknowledge("parent", TaskState.TASK_RUNNING, WAIT);
      scheduler.awaitUpdateAndAcknowledge("deaf", TaskState.TASK_RUNNING, WAIT);
      Path sandbox = sandbox(offer, scheduler, "stubborn");
      Path childPid = sandbox.resolve("child.pid");
      await().atMost(WAIT).until(() -> Files.exists(childPid) && !Files.readString(childPid).isBlank());
      long child = Long.parseLong(Files.readString(childPid).trim());
      assertThat(ProcessHandle.of(child)).isPresent();

      scheduler.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
          .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.TEARDOWN).build());
      await().atMost(WAIT).until(() -> Files.readString(sandbox.resolve("events")).contains("SHUTDOWN"));
      // The executor ignores SHUTDOWN; after the grace period its tree gets SIGTERM (then SIGKILL).
      await().atMost(WAIT).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
      assertThat(Files.readString(sandbox.resolve("stdout"))).doesNotContain("shutting down");
    }
  }
}
