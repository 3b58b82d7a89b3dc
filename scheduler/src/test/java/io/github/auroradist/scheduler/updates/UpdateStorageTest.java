package io.github.auroradist.scheduler.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.StoreSnapshot;
import io.github.auroradist.scheduler.testing.SharedLog;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Updates in the stores: snapshots carry them, older snapshots without them load, and ended ones are pruned. */
class UpdateStorageTest {
  @RegisterExtension
  static final SharedLog log = new SharedLog();

  final UpdateRig rig = new UpdateRig(log.storage());

  @Test
  void aSnapshotCarriesUpdatesWithTheirEvents() {
    rig.create("v1", 2);
    String id = rig.start("v2", 2, UpdateRig.settings(1));
    rig.run(id);
    StoreSnapshot snapshot = ModelJson.read(ModelJson.write(log.stores().snapshot(1)), StoreSnapshot.class);
    InMemoryStores restored = new InMemoryStores();
    restored.restore(snapshot);
    assertThat(restored.jobUpdate(id)).isEqualTo(log.stores().jobUpdate(id));
    assertThat(restored.jobUpdate(id).orElseThrow().instanceEvents()).hasSize(4);
  }

  @Test
  void aSnapshotWrittenBeforeUpdatesExistedStillLoads() {
    String formatOne = """
        {"formatVersion": 1, "timestamp": 5, "frameworkId": "fw", "jobs": [], "tasks": [], "hostAttributes": [],
         "quotas": {}, "schedulerEndpoints": {}, "hostMaintenance": {}}
        """;
    InMemoryStores stores = new InMemoryStores();
    stores.restore(ModelJson.read(formatOne, StoreSnapshot.class));
    assertThat(stores.frameworkId()).contains("fw");
    assertThat(stores.jobUpdates()).isEmpty();
  }

  @Test
  void onlyEndedUpdatesArePrunedKeepingTheNewestOfEachJob() {
    rig.create("v1", 1);
    String first = rig.start("v2", 1, UpdateRig.settings(1));
    rig.run(first);
    String second = rig.start("v3", 1, UpdateRig.settings(1));
    rig.run(second);
    String active = rig.start("v4", 1, UpdateRig.settings(1));

    UpdateHistoryPruner keepOne = new UpdateHistoryPruner(log.storage(), rig.clock,
        new UpdateHistoryPruner.Settings(1, Duration.ofMinutes(15), Duration.ofDays(30)));
    assertThat(keepOne.pruneNow()).isEqualTo(1);
    assertThat(log.stores().jobUpdate(first)).isEmpty();
    assertThat(log.stores().jobUpdate(second)).isPresent();

    rig.clock.advance(Duration.ofDays(31));
    // (Other tests' updates in this log are as old, and go too.)
    assertThat(keepOne.pruneNow()).isPositive();
    assertThat(log.stores().jobUpdatesOf(rig.job)).extracting(d -> d.update().summary().key().id())
        .containsExactly(active);
    assertThat(rig.status(active)).isEqualTo(JobUpdateStatus.ROLLING_FORWARD);
  }
}
