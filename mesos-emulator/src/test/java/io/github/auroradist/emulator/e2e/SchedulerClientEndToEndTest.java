package io.github.auroradist.emulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.emulator.agent.AgentServer;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.Tasks;
import io.github.auroradist.mesos.detect.MasterDetector;
import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.scheduler.MesosSchedulerClient;
import io.github.auroradist.mesos.scheduler.SchedulerClientOptions;
import io.github.auroradist.mesos.scheduler.SchedulerListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own Mesos clients against the emulator, end to end: the scheduler client finds the
 * master through ZooKeeper, launches tasks whose executor is a real process built on the executor
 * client, and sees every status update the Mesos documentation promises.
 */
class SchedulerClientEndToEndTest {
  @TempDir
  Path work;

  private EmulatorCluster cluster;
  private MesosSchedulerClient client;
  private final Recorder events = new Recorder();

  /** Everything the master sent, in order, for the test to wait on. */
  static final class Recorder implements SchedulerListener {
    final BlockingQueue<Offer> offers = new LinkedBlockingQueue<>();
    final BlockingQueue<TaskStatus> updates = new LinkedBlockingQueue<>();
    final List<Event.Failure> failures = new CopyOnWriteArrayList<>();
    final List<String> subscriptions = new CopyOnWriteArrayList<>();

    @Override
    public void subscribed(FrameworkID id, Duration heartbeat, MasterInfo master) {
      subscriptions.add(id.getValue());
    }

    @Override
    public void offers(List<Offer> list) {
      offers.addAll(list);
    }

    @Override
    public void rescind(OfferID offer) {}

    @Override
    public void update(TaskStatus status) {
      updates.add(status);
    }

    @Override
    public void failure(Event.Failure failure) {
      failures.add(failure);
    }
  }

  @BeforeEach
  void start() throws Exception {
    cluster = EmulatorCluster.builder(work).zooKeeper().agents(2).executorCommand(ClientTestExecutor.command()).start();
    FrameworkInfo framework = FrameworkInfo.newBuilder().setUser(System.getProperty("user.name"))
        .setName("e2e").setFailoverTimeout(60).build();
    client = new MesosSchedulerClient(MasterDetector.create(cluster.zkUrl()), framework, events,
        SchedulerClientOptions.defaults().withContentType(MesosContentType.JSON)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    client.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private Offer offer() throws InterruptedException {
    Offer offer = events.offers.poll(30, TimeUnit.SECONDS);
    assertThat(offer).as("an offer within 30 s").isNotNull();
    return offer;
  }

  private TaskInfo launch(String taskId, String behaviour) throws InterruptedException {
    Offer offer = offer();
    TaskInfo task = Tasks.executorTask(taskId, offer.getAgentId(), cluster.executor("exec-" + taskId), behaviour);
    client.launch(offer.getId(), List.of(task), Filters.newBuilder().setRefuseSeconds(1).build());
    return task;
  }

  /** Waits for an update of a task matching the condition, acknowledging every update seen. */
  private TaskStatus await(String taskId, Predicate<TaskStatus> condition) {
    List<String> seen = new ArrayList<>();
    AtomicReference<TaskStatus> found = new AtomicReference<>();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
        TaskStatus status;
        while ((status = events.updates.poll()) != null) {
          if (status.hasUuid()) {
            client.acknowledge(status.getAgentId(), status.getTaskId(), status.getUuid());
          }
          seen.add(status.getTaskId().getValue() + ":" + status.getState());
          if (status.getTaskId().getValue().equals(taskId) && condition.test(status)) {
            found.set(status);
            return true;
          }
        }
        return false;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no matching update for " + taskId + " within 60 s; saw " + seen, e);
    }
    return found.get();
  }

  private static Predicate<TaskStatus> state(TaskState state) {
    return s -> s.getState() == state;
  }

  @Test
  void launchesThroughZooKeeperAndSeesRunningThenFinishedWithTheSandboxOnDisk() throws Exception {
    launch("hello-0", "finish");
    await("hello-0", state(TaskState.TASK_RUNNING));
    TaskStatus finished = await("hello-0", state(TaskState.TASK_FINISHED));
    assertThat(finished.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);

    String fw = client.framework().getId().getValue();
    try (var paths = Files.walk(work)) {
      List<Path> marks = paths.filter(p -> p.getFileName().toString().equals("ran-hello-0")).toList();
      assertThat(marks).isNotEmpty();
      Path runDir = marks.get(0).getParent();
      assertThat(runDir.getParent().getFileName().toString()).isEqualTo("runs");
      assertThat(runDir.toString()).contains("/slaves/")
          .contains("/frameworks/" + fw + "/executors/exec-hello-0/runs/");
      assertThat(runDir.getParent().resolve("latest")).isSymbolicLink();
      assertThat(Files.readString(marks.get(0))).isEqualTo("finish");
    }
  }

  @Test
  void killsARunningTask() throws Exception {
    TaskInfo task = launch("web-0", "run");
    await("web-0", state(TaskState.TASK_RUNNING));
    client.kill(task.getTaskId(), task.getAgentId());
    assertThat(await("web-0", state(TaskState.TASK_KILLED)).getMessage()).contains("killed");
  }

  @Test
  void reconcilesExplicitlyAndImplicitly() throws Exception {
    launch("web-1", "run");
    await("web-1", state(TaskState.TASK_RUNNING));

    client.reconcile(List.of(Call.Reconcile.Task.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("web-1")).build()));
    TaskStatus explicit = await("web-1", s -> s.getReason() == TaskStatus.Reason.REASON_RECONCILIATION);
    assertThat(explicit.getState()).isEqualTo(TaskState.TASK_RUNNING);

    client.reconcile(List.of(Call.Reconcile.Task.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("never-launched")).build()));
    assertThat(await("never-launched", s -> true).getState()).isIn(TaskState.TASK_LOST, TaskState.TASK_UNKNOWN);

    client.reconcile(List.of());
    assertThat(await("web-1", s -> s.getReason() == TaskStatus.Reason.REASON_RECONCILIATION).getState())
        .isEqualTo(TaskState.TASK_RUNNING);
  }

  @Test
  void losingAnAgentLosesItsTasksAndReportsAFailure() throws Exception {
    TaskInfo task = launch("batch-0", "run");
    await("batch-0", state(TaskState.TASK_RUNNING));
    AgentServer agent = cluster.agents().stream()
        .filter(a -> a.agentId().orElse("").equals(task.getAgentId().getValue())).findFirst().orElseThrow();
    agent.close();

    TaskStatus lost = await("batch-0", s -> s.getState() == TaskState.TASK_LOST
        || s.getState() == TaskState.TASK_UNREACHABLE);
    assertThat(lost.getReason()).isIn(TaskStatus.Reason.REASON_AGENT_REMOVED,
        TaskStatus.Reason.REASON_AGENT_DISCONNECTED);
    // The FAILURE event may come before or after the task's update.
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(events.failures).anySatisfy(f -> assertThat(f.getAgentId()).isEqualTo(task.getAgentId())));
  }

  @Test
  void resubscribesWithTheSameFrameworkIdAfterReconnectingAndKeepsItsTasks() throws Exception {
    launch("svc-0", "run");
    await("svc-0", state(TaskState.TASK_RUNNING));
    String id = client.framework().getId().getValue();

    client.reconnect();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.subscriptions.size() >= 2);
    assertThat(events.subscriptions).allMatch(id::equals);

    client.reconcile(List.of());
    assertThat(await("svc-0", s -> s.getReason() == TaskStatus.Reason.REASON_RECONCILIATION).getState())
        .isEqualTo(TaskState.TASK_RUNNING);
  }
}
