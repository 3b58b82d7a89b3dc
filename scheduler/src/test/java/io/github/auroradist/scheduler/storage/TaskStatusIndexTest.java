package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stores' index of tasks by status follows every change, a snapshot restore and a replay of the log. */
class TaskStatusIndexTest {
  private static final JobKey JOB = new JobKey("www-data", "prod", "indexed");

  private static Transaction tx(Op... ops) {
    return new Transaction(List.of(ops));
  }

  private static ScheduledTask moved(ScheduledTask task, ScheduleStatus to) {
    return task.withStatus(to, new TaskEvent(2, to, null, "test"));
  }

  private static List<String> ids(List<ScheduledTask> tasks) {
    return tasks.stream().map(ScheduledTask::taskId).toList();
  }

  @Test
  void followsChangesRemovalsAndRestores() {
    InMemoryStores stores = new InMemoryStores();
    ScheduledTask a = TestTasks.pending(JOB, 0, "task-a");
    ScheduledTask b = TestTasks.pending(JOB, 1, "task-b");
    ScheduledTask c = TestTasks.pending(JOB, 2, "task-c");
    stores.apply(tx(new Op.SaveTasks(List.of(c, a, b))));
    assertThat(ids(stores.tasksIn(ScheduleStatus.PENDING))).containsExactly("task-a", "task-b", "task-c");

    stores.apply(tx(new Op.SaveTasks(List.of(moved(a, ScheduleStatus.ASSIGNED))),
        new Op.RemoveTasks(Set.of("task-c"))));
    assertThat(ids(stores.tasksIn(ScheduleStatus.PENDING))).containsExactly("task-b");
    assertThat(ids(stores.tasksIn(ScheduleStatus.ASSIGNED))).containsExactly("task-a");
    assertThat(stores.countIn(ScheduleStatus.PENDING)).isEqualTo(1);
    assertThat(stores.countIn(ScheduleStatus.RUNNING)).isZero();
    assertThat(stores.tasksIn(ScheduleStatus.PENDING)).isEqualTo(
        stores.tasks(t -> t.status() == ScheduleStatus.PENDING));

    // A snapshot restored over other tasks (as on start, or as a RestoreSnapshot op replayed from the log).
    InMemoryStores other = new InMemoryStores();
    other.apply(tx(new Op.SaveTasks(List.of(TestTasks.pending(JOB, 5, "task-z")))));
    other.apply(tx(new Op.RestoreSnapshot(stores.snapshot(1))));
    assertThat(ids(other.tasksIn(ScheduleStatus.PENDING))).containsExactly("task-b");
    assertThat(ids(other.tasksIn(ScheduleStatus.ASSIGNED))).containsExactly("task-a");
    InMemoryStores restored = new InMemoryStores();
    restored.restore(stores.snapshot(1));
    assertThat(ids(restored.tasksIn(ScheduleStatus.PENDING))).containsExactly("task-b");
  }
}
