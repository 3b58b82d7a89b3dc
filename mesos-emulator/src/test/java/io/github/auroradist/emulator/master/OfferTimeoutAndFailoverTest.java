package io.github.auroradist.emulator.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.emulator.testing.SchedulerConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfferTimeoutAndFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path workDir;

  @Test
  void unusedOffersAreRescindedAfterTheOfferTimeout() throws Exception {
    try (EmulatorCluster cluster = EmulatorCluster.builder(workDir).offerTimeout(Duration.ofMillis(700)).start();
        SchedulerConnection scheduler = cluster.subscribe("slow")) {
      Offer offer = scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      Event rescind = scheduler.await(Event.Type.RESCIND, Duration.ofSeconds(5));
      assertThat(rescind.getRescind().getOfferId()).isEqualTo(offer.getId());
      // The resources come back in a new offer.
      assertThat(scheduler.await(Event.Type.OFFERS, WAIT).getOffers().getOffers(0).getId()).isNotEqualTo(offer.getId());
    }
  }

  @Test
  void aSecondSubscriptionWithTheSameIdTakesOverAndTheFirstGetsAnError() throws Exception {
    try (EmulatorCluster cluster = EmulatorCluster.builder(workDir).start()) {
      FrameworkInfo info = SchedulerConnection.framework("twice").setFailoverTimeout(30).build();
      try (SchedulerConnection first = SchedulerConnection.subscribe(cluster.masterUri(), info);
          SchedulerConnection second = SchedulerConnection.subscribe(cluster.masterUri(),
              info.toBuilder().setId(first.frameworkId).build())) {
        Event error = first.await(Event.Type.ERROR, WAIT);
        assertThat(error.getError().getMessage()).contains("failed over");
        await().atMost(WAIT).until(first::ended);
        assertThat(second.frameworkId).isEqualTo(first.frameworkId);
        // The old stream id no longer works; the new one does.
        assertThat(first.call(Call.newBuilder().setType(Call.Type.REVIVE).build()).statusCode()).isEqualTo(400);
        assertThat(second.call(Call.newBuilder().setType(Call.Type.REVIVE).build()).statusCode()).isEqualTo(202);
        second.call(Call.newBuilder().setType(Call.Type.TEARDOWN).build());
      }
    }
  }
}
