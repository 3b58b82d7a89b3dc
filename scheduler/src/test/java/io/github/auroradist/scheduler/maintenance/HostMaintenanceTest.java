package io.github.auroradist.scheduler.maintenance;

import static io.github.auroradist.common.model.ScheduleStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.offers.OfferPlacer;
import io.github.auroradist.scheduler.offers.Offers;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.testing.MutableClock;
import io.github.auroradist.scheduler.testing.OpenLog;
import io.github.auroradist.scheduler.testing.RecordedEffects;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMaintenanceTest {
  @TempDir
  Path dir;

  @Test
  void drainingMovesTasksAwayAndTheHostTakesNoNewOnesUntilMaintenanceEnds() throws Exception {
    try (OpenLog log = new OpenLog(dir.resolve("db"))) {
      MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
      RecordedEffects effects = new RecordedEffects();
      StateManager manager = TestTasks.stateManager(clock, effects);
      OfferPlacer placer = new OfferPlacer(log.storage, manager, 0.1, 16);
      HostMaintenance maintenance = new HostMaintenance(log.storage, manager);
      JobKey job = new JobKey("r", "prod", "svc");
      log.storage.write(s -> manager.insertPendingTasks(s, TestTasks.config(job, true), Set.of(0, 1)));
      assertThat(placer.place(Offers.offer("h1", 8, 8192, 8192, 31000, 31010))).hasSize(2);
      for (ScheduledTask t : log.stores.tasksOf(job)) {
        log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), RUNNING, null));
      }
      clock.advance(Duration.ofHours(1));

      assertThat(maintenance.schedule(Set.of("h2"))).containsEntry("h2", MaintenanceMode.SCHEDULED);
      assertThat(maintenance.drain(Set.of("h1"))).containsEntry("h1", MaintenanceMode.DRAINING);
      assertThat(log.stores.tasksOf(job)).extracting(ScheduledTask::status).containsOnly(DRAINING);
      assertThat(effects.kills).hasSize(2);

      // The agent confirms the kills: the tasks are replaced, but not on the draining host.
      for (ScheduledTask t : log.stores.tasksOf(job)) {
        log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), KILLED, null));
      }
      assertThat(log.stores.tasksOf(job).stream().filter(t -> t.status() == PENDING)).hasSize(2);
      assertThat(placer.place(Offers.offer("h1", 8, 8192, 8192, 31000, 31010))).isEmpty();
      maintenance.checkDrained();
      assertThat(maintenance.status(Set.of())).isEqualTo(Map.of("h1", MaintenanceMode.DRAINED,
          "h2", MaintenanceMode.SCHEDULED));
      assertThat(placer.place(Offers.offer("h2", 8, 8192, 8192, 31000, 31010))).hasSize(2);

      assertThat(maintenance.end(Set.of("h1", "h2"))).containsEntry("h1", MaintenanceMode.NONE);
      assertThat(maintenance.status(Set.of())).isEmpty();
      // An empty host drains at once.
      assertThat(maintenance.drain(Set.of("h3"))).containsEntry("h3", MaintenanceMode.DRAINED);
    }
  }
}
