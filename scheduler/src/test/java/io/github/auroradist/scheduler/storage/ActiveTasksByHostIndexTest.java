package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The stores' count of each job's active tasks by host, kept with the tasks, always equals counting the job's
 * tasks: through saves that move tasks between hosts and states, removals, and a snapshot restored.
 */
class ActiveTasksByHostIndexTest {
  private static final List<JobKey> JOBS = List.of(new JobKey("www-data", "prod", "a"),
      new JobKey("www-data", "prod", "b"));
  private static final ScheduleStatus[] STATUSES = ScheduleStatus.values();

  private static ScheduledTask task(JobKey job, int id, String host, ScheduleStatus status) {
    return new ScheduledTask(new AssignedTask(job.name() + "-" + id, host == null ? null : "agent-" + host, host,
        TestTasks.config(job, true), Map.of(), id), status, 0, List.of(), null);
  }

  private static void assertIndexIsTheCount(InMemoryStores stores, long seed) {
    for (JobKey job : JOBS) {
      assertThat(stores.activeTasksByHost(job)).as("seed %d, job %s", seed, job.name())
          .isEqualTo(TestTasks.activeByHost(stores.tasksOf(job)));
    }
  }

  @Property(tries = 200)
  void equalsCountingTheJobsTasks(@ForAll long seed) {
    Random random = new Random(seed);
    InMemoryStores stores = new InMemoryStores();
    for (int step = 0; step < 60; step++) {
      JobKey job = JOBS.get(random.nextInt(JOBS.size()));
      int id = random.nextInt(12);
      if (random.nextInt(5) == 0) {
        stores.apply(new Transaction(List.of(new Op.RemoveTasks(Set.of(job.name() + "-" + id)))));
      } else {
        String host = random.nextInt(5) == 0 ? null : "h" + random.nextInt(4);
        stores.apply(new Transaction(List.of(new Op.SaveTasks(List.of(
            task(job, id, host, STATUSES[random.nextInt(STATUSES.length)]))))));
      }
      assertIndexIsTheCount(stores, seed);
    }
    InMemoryStores restored = new InMemoryStores();
    restored.apply(new Transaction(List.of(new Op.SaveTasks(List.of(task(JOBS.get(0), 99, "h9",
        ScheduleStatus.RUNNING))))));
    restored.restore(stores.snapshot(1));
    assertIndexIsTheCount(restored, seed);
    assertThat(restored.activeTasksByHost(JOBS.get(0))).doesNotContainKey("h9");
  }
}
