package io.github.auroradist.scheduler.lifecycle;

import static io.github.auroradist.scheduler.lifecycle.LifecycleState.ACTIVE;
import static io.github.auroradist.scheduler.lifecycle.LifecycleState.CATCHING_UP;
import static io.github.auroradist.scheduler.lifecycle.LifecycleState.DEAD;
import static io.github.auroradist.scheduler.lifecycle.LifecycleState.FOLLOWING;
import static io.github.auroradist.scheduler.lifecycle.LifecycleState.IDLE;
import static io.github.auroradist.scheduler.lifecycle.LifecycleState.LEADER_AWAITING_REGISTRATION;
import static io.github.auroradist.scheduler.lifecycle.LifecycleState.PREPARING_STORAGE;
import static io.github.auroradist.scheduler.lifecycle.LifecycleState.STOPPING;
import static io.github.auroradist.scheduler.lifecycle.LifecycleState.TAKING_LEADERSHIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulerLifecycleTest {
  final SchedulerLifecycle lifecycle = new SchedulerLifecycle(Duration.ofMinutes(1));

  @Test
  void aFollowerThatIsElectedLeadsAcceptsWritesAndRegistersAgainAfterItsSubscriptionBroke() {
    for (LifecycleState next : new LifecycleState[] {PREPARING_STORAGE, CATCHING_UP, FOLLOWING, TAKING_LEADERSHIP,
        LEADER_AWAITING_REGISTRATION, ACTIVE, LEADER_AWAITING_REGISTRATION, ACTIVE, STOPPING, DEAD}) {
      lifecycle.changeTo(next);
      assertThat(lifecycle.state()).isEqualTo(next);
      assertThat(lifecycle.acceptsWrites()).as(next.name())
          .isEqualTo(next == LEADER_AWAITING_REGISTRATION || next == ACTIVE);
    }
  }

  @Test
  void aSchedulerElectedWhileStillCatchingUpLeadsAtOnce() {
    lifecycle.changeTo(PREPARING_STORAGE);
    lifecycle.changeTo(CATCHING_UP);
    assertThat(lifecycle.changeIf(s -> s == CATCHING_UP || s == FOLLOWING, TAKING_LEADERSHIP)).isTrue();
    // The catch-up that finishes later changes nothing.
    assertThat(lifecycle.changeIf(s -> s == CATCHING_UP, FOLLOWING)).isFalse();
    assertThat(lifecycle.state()).isEqualTo(TAKING_LEADERSHIP);
  }

  @Test
  void noStateGoesBackAndEveryStateButDeadMayStop() {
    for (LifecycleState from : LifecycleState.values()) {
      assertThat(from.canChangeTo(IDLE)).as(from + " -> IDLE").isFalse();
      assertThat(from.canChangeTo(STOPPING)).as(from + " -> STOPPING").isEqualTo(from != STOPPING && from != DEAD);
      assertThat(from.canChangeTo(from)).as(from + " -> itself").isFalse();
    }
    // A leader that loses leadership stops; it never follows again in the same life.
    for (LifecycleState leading : EnumSet.of(TAKING_LEADERSHIP, LEADER_AWAITING_REGISTRATION, ACTIVE)) {
      assertThat(leading.canChangeTo(FOLLOWING)).isFalse();
      assertThat(leading.canChangeTo(CATCHING_UP)).isFalse();
    }
    assertThat(DEAD.next()).isEmpty();
  }

  @Test
  void anIllegalChangeIsRefusedAndNamesBothStates() {
    assertThatThrownBy(() -> lifecycle.changeTo(ACTIVE)).isInstanceOf(IllegalStateException.class)
        .hasMessage("the scheduler cannot go from IDLE to ACTIVE");
    assertThat(lifecycle.state()).isEqualTo(IDLE);
  }

  @Test
  void leaderWorkThatFindsTheSchedulerStoppingCannotGoOn() {
    lifecycle.changeTo(PREPARING_STORAGE);
    lifecycle.changeTo(CATCHING_UP);
    lifecycle.changeTo(TAKING_LEADERSHIP);
    assertThat(lifecycle.beginStopping()).isTrue();
    assertThat(lifecycle.beginStopping()).as("only one caller closes the parts").isFalse();
    assertThatThrownBy(() -> lifecycle.changeTo(LEADER_AWAITING_REGISTRATION))
        .hasMessageContaining("from STOPPING to LEADER_AWAITING_REGISTRATION");
    assertThat(lifecycle.unlessStopping(() -> { throw new AssertionError("ran while stopping"); })).isFalse();
  }

  @Test
  void aSecondCloserWaitsUntilTheFirstHasClosedEverything() throws Exception {
    lifecycle.changeTo(PREPARING_STORAGE);
    assertThat(lifecycle.beginStopping()).isTrue();
    CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
      try {
        return lifecycle.await(s -> s == DEAD, Duration.ofMinutes(1));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(lifecycle.await(s -> s == DEAD, Duration.ofMillis(1))).isFalse();
    assertThat(second).isNotDone();
    lifecycle.changeTo(DEAD);
    assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aLeaderWithoutARegistrationForLongerThanTheDelayIsWedged() {
    SchedulerLifecycle quick = new SchedulerLifecycle(Duration.ZERO);
    quick.changeTo(PREPARING_STORAGE);
    quick.changeTo(CATCHING_UP);
    quick.changeTo(TAKING_LEADERSHIP);
    assertThat(quick.wedged()).as("taking leadership is not waiting for Mesos").isEmpty();
    quick.changeTo(LEADER_AWAITING_REGISTRATION);
    await().atMost(Duration.ofSeconds(10)).until(() -> quick.wedged().isPresent());
    assertThat(quick.wedged().orElseThrow())
        .contains("not been registered with Mesos", "-max_registration_delay=0secs");
    quick.changeTo(ACTIVE);
    assertThat(quick.wedged()).isEmpty();

    lifecycle.changeTo(PREPARING_STORAGE);
    lifecycle.changeTo(CATCHING_UP);
    lifecycle.changeTo(TAKING_LEADERSHIP);
    lifecycle.changeTo(LEADER_AWAITING_REGISTRATION);
    assertThat(lifecycle.wedged()).as("within the minute").isEmpty();
  }
}
