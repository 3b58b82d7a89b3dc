package io.github.auroradist.scheduler.updates;

import static io.github.auroradist.common.model.update.JobUpdateStatus.ABORTED;
import static io.github.auroradist.common.model.update.JobUpdateStatus.FAILED;
import static io.github.auroradist.common.model.update.JobUpdateStatus.ROLLED_BACK;
import static io.github.auroradist.common.model.update.JobUpdateStatus.ROLLED_FORWARD;
import static io.github.auroradist.common.model.update.JobUpdateStatus.ROLLING_BACK;
import static io.github.auroradist.common.model.update.JobUpdateStatus.ROLLING_FORWARD;
import static io.github.auroradist.common.model.update.JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE;
import static io.github.auroradist.common.model.update.JobUpdateStatus.ROLL_FORWARD_PAUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateAction;
import io.github.auroradist.common.model.update.JobUpdateStrategy;
import io.github.auroradist.scheduler.testing.SharedLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The updater against a real log, with a stand-in cluster and a clock moved by hand: no waiting. */
class JobUpdaterTest {
  @RegisterExtension
  static final SharedLog log = new SharedLog();

  final UpdateRig rig = new UpdateRig(log.storage());

  @Test
  void rollsForwardInBatchesNeverTakingDownMoreThanABatch() {
    rig.create("v1", 6);
    String id = rig.start("v2", 6, UpdateRig.settings(2));

    assertThat(rig.run(id)).isEqualTo(ROLLED_FORWARD);
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v2", 6));
    assertThat(rig.mostDown).isEqualTo(2);
    assertThat(log.stores().job(rig.job).orElseThrow().taskConfig()).isEqualTo(rig.config("v2"));
    assertThat(rig.events(id)).containsExactly("ROLLING_FORWARD/UNSECURE", "ROLLED_FORWARD/null");
    List<JobInstanceUpdateEvent> instanceEvents = rig.details(id).instanceEvents();
    assertThat(instanceEvents).filteredOn(e -> e.action() == JobUpdateAction.INSTANCE_UPDATED)
        .extracting(JobInstanceUpdateEvent::instanceId).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    // Batches: 0 and 1 start together, 2 and 3 once both are done.
    assertThat(instanceEvents.subList(0, 2)).extracting(JobInstanceUpdateEvent::action)
        .containsOnly(JobUpdateAction.INSTANCE_UPDATING);
  }

  @Test
  void anSlaAwareUpdateTakesDownOnlyWhatTheDesiredConfigsSlaAllows() {
    rig.slaPolicy = SlaPolicy.count(5, 0);
    rig.create("v1", 6);
    JobUpdateSettings s = UpdateRig.settings(3);
    String id = rig.start("v2", 6, new JobUpdateSettings(s.updateGroupSize(), 0, 0, s.minWaitInInstanceRunningMs(),
        true, null, false, null, true, null));

    assertThat(rig.run(id)).isEqualTo(ROLLED_FORWARD);
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v2", 6));
    // Batches of 3, but the SLA keeps 5 of the 6 instances up.
    assertThat(rig.mostDown).isEqualTo(1);
  }

  @Test
  void anInstanceCountsAsUpdatedOnlyAfterRunningForTheWatchPeriod() {
    rig.create("v1", 1);
    String id = rig.start("v2", 1, UpdateRig.settings(1));
    rig.settle();
    rig.updater.evaluate();
    rig.settle();
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v2", 1));
    rig.clock.advance(Duration.ofMillis(UpdateRig.WATCH_MS - 1));
    rig.updater.evaluate();
    assertThat(rig.status(id)).isEqualTo(ROLLING_FORWARD);
    rig.clock.advance(Duration.ofMillis(1));
    rig.updater.evaluate();
    assertThat(rig.status(id)).isEqualTo(ROLLED_FORWARD);
  }

  @Test
  void aFailingConfigRollsBackToTheOldConfigEverywhere() {
    rig.create("v1", 4);
    String id = rig.start("bad", 4, UpdateRig.settings(2));

    assertThat(rig.run(id)).isEqualTo(ROLLED_BACK);
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v1", 4));
    assertThat(rig.events(id)).containsExactly("ROLLING_FORWARD/UNSECURE", "ROLLING_BACK/null", "ROLLED_BACK/null");
    assertThat(rig.details(id).instanceEvents()).extracting(JobInstanceUpdateEvent::action)
        .contains(JobUpdateAction.INSTANCE_UPDATE_FAILED, JobUpdateAction.INSTANCE_ROLLING_BACK,
            JobUpdateAction.INSTANCE_ROLLED_BACK);
    assertThat(log.stores().job(rig.job).orElseThrow().taskConfig()).isEqualTo(rig.config("v1"));
  }

  @Test
  void withoutRollbackAFailingUpdateEndsFailed() {
    rig.create("v1", 3);
    String id = rig.start("bad", 3, UpdateRig.with(UpdateRig.settings(1), 0, 0, false, null, null));

    assertThat(rig.run(id)).isEqualTo(FAILED);
    assertThat(log.stores().job(rig.job).orElseThrow().taskConfig()).isEqualTo(rig.config("v1"));
  }

  @Test
  void failuresWithinTheLimitsAreTolerated() {
    rig.create("v1", 2);
    // Each bad instance fails once more than one failure per instance allows; two failed instances may be.
    String id = rig.start("bad", 2, UpdateRig.with(UpdateRig.settings(1), 1, 2, true, null, null));

    assertThat(rig.run(id)).isEqualTo(ROLLED_FORWARD);
    assertThat(rig.details(id).instanceEvents()).filteredOn(e -> e.action() == JobUpdateAction.INSTANCE_UPDATE_FAILED)
        .hasSize(2);
  }

  @Test
  void pauseHoldsTheUpdateAndResumeGoesOn() {
    rig.create("v1", 3);
    String id = rig.start("v2", 3, UpdateRig.settings(1));
    assertThat(rig.updater.pause(rig.job, UpdateRig.USER, "hold on").state().status()).isEqualTo(ROLL_FORWARD_PAUSED);
    for (int i = 0; i < 10; i++) {
      rig.settle();
      rig.clock.advance(Duration.ofMillis(UpdateRig.WATCH_MS));
      rig.updater.evaluate();
    }
    assertThat(rig.status(id)).isEqualTo(ROLL_FORWARD_PAUSED);
    assertThat(rig.details(id).instanceEvents()).extracting(JobInstanceUpdateEvent::action)
        .containsExactly(JobUpdateAction.INSTANCE_UPDATING);
    assertThatThrownBy(() -> rig.updater.pause(rig.job, UpdateRig.USER, null))
        .hasMessageContaining("is ROLL_FORWARD_PAUSED").hasMessageContaining("aurora update resume");

    assertThat(rig.updater.resume(rig.job, UpdateRig.USER, null).state().status()).isEqualTo(ROLLING_FORWARD);
    assertThat(rig.run(id)).isEqualTo(ROLLED_FORWARD);
    assertThat(rig.events(id)).containsExactly("ROLLING_FORWARD/UNSECURE", "ROLL_FORWARD_PAUSED/UNSECURE",
        "ROLLING_FORWARD/UNSECURE", "ROLLED_FORWARD/null");
    assertThat(rig.details(id).updateEvents().get(1).message()).isEqualTo("hold on");
  }

  @Test
  void abortLeavesTheJobAsItIs() {
    rig.create("v1", 4);
    String id = rig.start("v2", 4, UpdateRig.settings(2));
    rig.updater.evaluate();
    rig.settle();
    rig.clock.advance(Duration.ofMillis(UpdateRig.WATCH_MS));
    rig.updater.evaluate();
    rig.settle();
    assertThat(rig.updater.abort(rig.job, UpdateRig.USER, null).state().status()).isEqualTo(ABORTED);
    var before = rig.versions();
    for (int i = 0; i < 5; i++) {
      rig.clock.advance(Duration.ofMillis(UpdateRig.WATCH_MS));
      rig.updater.evaluate();
      rig.settle();
    }
    assertThat(rig.versions()).isEqualTo(before).isEqualTo(UpdateRig.all("v2", 4, i -> i < 2, "v1"));
    assertThat(rig.status(id)).isEqualTo(ABORTED);
    assertThatThrownBy(() -> rig.updater.abort(rig.job, UpdateRig.USER, null)).isInstanceOf(
        UpdateRefusedException.class).hasMessageContaining("has no active update");
  }

  @Test
  void rollbackOnDemandRestoresTheOldConfig() {
    rig.create("v1", 4);
    String id = rig.start("v2", 4, UpdateRig.settings(1));
    // Let two instances be updated, then turn around.
    while (rig.details(id).instanceEvents().stream().filter(e -> e.action() == JobUpdateAction.INSTANCE_UPDATED)
        .count() < 2) {
      rig.updater.evaluate();
      rig.settle();
      rig.clock.advance(Duration.ofMillis(UpdateRig.WATCH_MS));
    }
    assertThat(rig.updater.rollback(rig.job, UpdateRig.USER, "no").state().status()).isEqualTo(ROLLING_BACK);
    assertThat(rig.run(id)).isEqualTo(ROLLED_BACK);
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v1", 4));
  }

  @Test
  void variableBatchesUseTheirSizesInOrderAndAutopauseAfterEach() {
    rig.create("v1", 5);
    String id = rig.start("v2", 5, UpdateRig.strategy(new JobUpdateStrategy(JobUpdateStrategy.Kind.VARIABLE_BATCH,
        List.of(1, 2), true)));
    // Groups [0], [1, 2], [3, 4]: a pause after each but the last.
    for (int pauses = 0; pauses < 2; pauses++) {
      assertThat(rig.run(id)).isEqualTo(ROLL_FORWARD_PAUSED);
      rig.updater.resume(rig.job, UpdateRig.USER, null);
    }
    assertThat(rig.run(id)).isEqualTo(ROLLED_FORWARD);
    assertThat(rig.mostDown).isEqualTo(2);
    assertThat(rig.details(id).instanceEvents()).filteredOn(e -> e.action() == JobUpdateAction.INSTANCE_UPDATING)
        .extracting(JobInstanceUpdateEvent::instanceId).containsExactly(0, 1, 2, 3, 4);
    assertThat(rig.events(id)).containsExactly("ROLLING_FORWARD/UNSECURE", "ROLL_FORWARD_PAUSED/null",
        "ROLLING_FORWARD/UNSECURE", "ROLL_FORWARD_PAUSED/null", "ROLLING_FORWARD/UNSECURE", "ROLLED_FORWARD/null");
  }

  @Test
  void aCoordinatedUpdateMovesOnlyWithPulses() {
    rig.create("v1", 2);
    long pulseMs = 10 * UpdateRig.WATCH_MS;
    String id = rig.start("v2", 2, UpdateRig.with(UpdateRig.settings(1), 0, 0, true, null, pulseMs));
    assertThat(rig.status(id)).isEqualTo(ROLL_FORWARD_AWAITING_PULSE);
    rig.updater.evaluate();
    assertThat(rig.details(id).instanceEvents()).isEmpty();

    assertThat(rig.updater.pulse(id, UpdateRig.USER)).isEqualTo(JobUpdater.PulseStatus.OK);
    assertThat(rig.status(id)).isEqualTo(ROLLING_FORWARD);
    rig.settle();
    rig.clock.advance(Duration.ofMillis(pulseMs));
    // No pulse for the whole interval: blocked again.
    assertThat(rig.run(id)).isEqualTo(ROLL_FORWARD_AWAITING_PULSE);
    while (rig.status(id) != ROLLED_FORWARD) {
      rig.updater.pulse(id, UpdateRig.USER);
      rig.run(id);
    }
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v2", 2));
    assertThat(rig.updater.pulse(id, UpdateRig.USER)).isEqualTo(JobUpdater.PulseStatus.FINISHED);
  }

  @Test
  void aCanaryUpdatesOnlyTheNamedInstances() {
    rig.create("v1", 4);
    String id = rig.start("v2", 4, UpdateRig.with(UpdateRig.settings(2), 0, 0, true, InstanceRanges.parse("0-1"),
        null));
    assertThat(rig.run(id)).isEqualTo(ROLLED_FORWARD);
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v2", 4, i -> i <= 1, "v1"));
    // The job's stored configuration stays the old one until every instance runs the new.
    assertThat(log.stores().job(rig.job).orElseThrow().taskConfig()).isEqualTo(rig.config("v1"));
  }

  @Test
  void aSecondUpdateIsAConflictEvenWhileTheCallersCheckWouldRefuseIt() {
    rig.create("v1", 1);
    rig.start("v2", 1, UpdateRig.settings(1));
    // The caller's check refuses (as the API's does while the only instance is between its old and new task),
    // but the update under way is the reason to give.
    assertThatThrownBy(() -> rig.updater.start(rig.jobOf("v3", 1), UpdateRig.settings(1), UpdateRig.USER, "again",
        view -> {
          throw new IllegalStateException("job has no active instances");
        }))
        .isInstanceOfSatisfying(UpdateRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(UpdateRefusedException.Reason.CONFLICT))
        .hasMessageContaining("already has an update under way");
  }

  @Test
  void addsInstances() {
    rig.create("v1", 1);
    String id = rig.start("v1", 3, UpdateRig.settings(1));
    assertThat(rig.run(id)).isEqualTo(ROLLED_FORWARD);
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v1", 3));
    assertThat(log.stores().job(rig.job).orElseThrow().instanceCount()).isEqualTo(3);
  }

  @Test
  void removesInstancesAndBringsThemBackOnRollback() {
    rig.create("v1", 3);
    String id = rig.start("v1", 1, UpdateRig.settings(1));
    assertThat(rig.run(id)).isEqualTo(ROLLED_FORWARD);
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v1", 1));
    assertThat(log.stores().job(rig.job).orElseThrow().instanceCount()).isEqualTo(1);

    String back = rig.start("v1", 3, UpdateRig.settings(1));
    rig.updater.evaluate();
    rig.updater.rollback(rig.job, UpdateRig.USER, null);
    assertThat(rig.run(back)).isEqualTo(ROLLED_BACK);
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v1", 1));
  }

  @Test
  void nothingToChangeStartsNoUpdateAndASecondUpdateIsRefused() {
    rig.create("v1", 2);
    assertThat(rig.updater.start(rig.jobOf("v1", 2), UpdateRig.settings(1), UpdateRig.USER, null, v -> { }))
        .isEmpty();
    String id = rig.start("v2", 2, UpdateRig.settings(1));
    assertThatThrownBy(() -> rig.start("v3", 2, UpdateRig.settings(1)))
        .isInstanceOf(UpdateRefusedException.class).hasMessageContaining(id).hasMessageContaining("ROLLING_FORWARD");
    assertThat(log.stores().jobUpdatesOf(rig.job)).hasSize(1);
  }

  @Test
  void aNewUpdaterOnTheSameStateCarriesOn() {
    rig.create("v1", 4);
    String id = rig.start("v2", 4, UpdateRig.settings(2));
    rig.updater.evaluate();
    rig.settle();
    rig.clock.advance(Duration.ofMillis(UpdateRig.WATCH_MS));
    rig.updater.evaluate();
    // What a new leader has: the stores, and a fresh updater.
    JobUpdater next = new JobUpdater(log.storage(), rig.manager, rig.sla, rig.clock);
    for (int i = 0; i < 20 && rig.status(id) == ROLLING_FORWARD; i++) {
      rig.settle();
      rig.clock.advance(Duration.ofMillis(UpdateRig.WATCH_MS));
      next.evaluate();
    }
    assertThat(rig.status(id)).isEqualTo(ROLLED_FORWARD);
    assertThat(rig.versions()).isEqualTo(UpdateRig.all("v2", 4));
    assertThat(rig.details(id).instanceEvents()).filteredOn(e -> e.action() == JobUpdateAction.INSTANCE_UPDATING)
        .hasSize(4);
  }
}
