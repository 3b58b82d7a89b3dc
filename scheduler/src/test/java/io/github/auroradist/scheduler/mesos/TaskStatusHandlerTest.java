package io.github.auroradist.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskEffects;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.storage.DurableLogException;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.Transaction;
import io.github.auroradist.scheduler.testing.ForwardingLog;
import io.github.auroradist.scheduler.testing.OpenLog;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status updates on a real replicated log, seen through a log that counts, holds and fails commits: many updates
 * arriving together are one transaction, an update is acknowledged only once its change is committed, and one
 * whose commit failed, or that was still queued when the scheduler stopped leading, is not acknowledged.
 */
class TaskStatusHandlerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;
  OpenLog real;
  final GatedLog log = new GatedLog();
  final List<Throwable> logFailures = new CopyOnWriteArrayList<>();
  Storage storage;
  final StateManager manager = TestTasks.stateManager(Clock.systemUTC(), TaskEffects.NONE);
  final Stats stats = new Stats();
  /** The ids of the tasks acknowledged, each with whether its update's change was in the stores by then. */
  final List<String> acked = new CopyOnWriteArrayList<>();
  final List<String> ackedBeforeCommit = new CopyOnWriteArrayList<>();
  final List<String> killed = new CopyOnWriteArrayList<>();
  final List<Thread> workers = new CopyOnWriteArrayList<>();
  TaskStatusHandler handler;

  /** A log that passes commits on to the real one, counting them; it can hold them, or fail the next one. */
  final class GatedLog extends ForwardingLog {
    final AtomicInteger appends = new AtomicInteger();
    final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
    final AtomicBoolean failNext = new AtomicBoolean();
    final AtomicInteger waiting = new AtomicInteger();

    GatedLog() {
      super(() -> real);
    }

    @Override
    public void append(Transaction tx) throws DurableLogException {
      waiting.incrementAndGet();
      try {
        gate.get().await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DurableLogException("interrupted in this test", e);
      }
      waiting.decrementAndGet();
      if (failNext.getAndSet(false)) {
        throw new DurableLogException("the log is down in this test", null);
      }
      appends.incrementAndGet();
      super.append(tx);
    }

    void hold() {
      gate.set(new CountDownLatch(1));
    }

    void release() {
      gate.get().countDown();
    }
  }

  @BeforeEach
  void open() throws Exception {
    real = new OpenLog(dir);
    storage = new Storage(real.stores, log, logFailures::add);
    handler = new TaskStatusHandler(storage, manager, stats, 1000, body -> {
      Thread t = new Thread(body, "task-status-updates-test");
      t.setDaemon(true);
      workers.add(t);
      return t;
    }, new TaskStatusHandler.AfterCommit() {
      @Override
      public void acknowledge(TaskStatus status) {
        String id = status.getTaskId().getValue();
        acked.add(id);
        if (real.stores.task(id).map(t -> t.status() != ScheduleStatus.RUNNING).orElse(true)) {
          ackedBeforeCommit.add(id);
        }
      }

      @Override
      public void killUnknown(TaskStatus status) {
        killed.add(status.getTaskId().getValue());
      }
    });
    handler.start();
  }

  @AfterEach
  void close() {
    log.release();
    handler.close();
    real.close();
  }

  /** {@code count} tasks of a new job, assigned to an agent (as after a launch). */
  private List<String> assignedTasks(String job, int count) {
    JobKey key = new JobKey("www-data", "prod", job);
    Set<Integer> instances = Set.copyOf(IntStream.range(0, count).boxed().toList());
    List<ScheduledTask> pending = storage.write(s -> manager.insertPendingTasks(s, TestTasks.config(key, true),
        instances));
    storage.write(s -> {
      pending.forEach(t -> manager.assignTask(s, t.taskId(), "agent-1", "host-1", Map.of()));
      return null;
    });
    return pending.stream().map(ScheduledTask::taskId).toList();
  }

  private static TaskStatus running(String taskId) {
    return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(TaskState.TASK_RUNNING)
        .setAgentId(AgentID.newBuilder().setValue("agent-1"))
        .setUuid(ByteString.copyFrom(taskId, StandardCharsets.UTF_8)).build();
  }

  private ScheduleStatus status(String taskId) {
    return real.stores.task(taskId).orElseThrow().status();
  }

  @Test
  void updatesArrivingTogetherAreOneTransactionAndAcknowledgedAfterItsCommit() {
    List<String> tasks = assignedTasks("together", 300);
    int before = log.appends.get();
    // The worker takes the first update and waits in its commit while the other 299 arrive.
    log.hold();
    handler.enqueue(running(tasks.get(0)));
    await().atMost(WAIT).until(() -> log.waiting.get() == 1);
    tasks.subList(1, tasks.size()).forEach(id -> handler.enqueue(running(id)));
    assertThat(handler.queued()).isEqualTo(299);
    assertThat(acked).isEmpty();
    log.release();

    await().atMost(WAIT).until(() -> acked.size() == tasks.size());
    assertThat(log.appends.get() - before).isEqualTo(2);
    assertThat(tasks).allMatch(id -> status(id) == ScheduleStatus.RUNNING);
    assertThat(acked).containsExactlyInAnyOrderElementsOf(tasks);
    assertThat(ackedBeforeCommit).isEmpty();
    assertThat(stats.values()).containsEntry("status_update_batches", 2L)
        .containsEntry("status_updates_recorded", 300L).containsEntry("status_update_batch_size", 299L)
        .containsEntry("status_updates_queued", 0);
    assertThat(stats.prometheus()).containsPattern("(?m)^aurora_status_update_batch_seconds_count 2(\\.0)?$");
  }

  @Test
  void anUpdateWhoseCommitFailedIsNotAcknowledgedAndIsRecordedWhenSentAgain() {
    String task = assignedTasks("failing", 1).get(0);
    log.failNext.set(true);
    handler.enqueue(running(task));
    await().atMost(WAIT).until(() -> !logFailures.isEmpty());
    assertThat(status(task)).isEqualTo(ScheduleStatus.ASSIGNED);
    // Mesos sends an unacknowledged update again: this time it is recorded, then acknowledged.
    handler.enqueue(running(task));
    await().atMost(WAIT).until(() -> acked.size() == 1);
    assertThat(acked).containsExactly(task);
    assertThat(status(task)).isEqualTo(ScheduleStatus.RUNNING);
  }

  @Test
  void aSchedulerThatStopsLeadingDropsQueuedUpdatesAndAcknowledgesNothingMore() {
    List<String> tasks = assignedTasks("deposed", 50);
    log.hold();
    handler.enqueue(running(tasks.get(0)));
    await().atMost(WAIT).until(() -> log.waiting.get() == 1);
    tasks.subList(1, tasks.size()).forEach(id -> handler.enqueue(running(id)));
    handler.close();
    assertThat(handler.queued()).isZero();
    log.release();

    await().atMost(WAIT).until(() -> workers.get(0).getState() == Thread.State.TERMINATED);
    assertThat(acked).isEmpty();
    // The write under way when it stopped may commit; nothing queued behind it was recorded.
    assertThat(tasks.subList(1, tasks.size())).allMatch(id -> status(id) == ScheduleStatus.ASSIGNED);
    handler.enqueue(running(tasks.get(1)));
    assertThat(handler.queued()).isZero();
  }

  @Test
  void anUnknownActiveTaskIsKilledAndItsUpdateAcknowledged() {
    handler.enqueue(running("no-such-task"));
    await().atMost(WAIT).until(() -> acked.size() == 1);
    assertThat(killed).containsExactly("no-such-task");
  }
}
