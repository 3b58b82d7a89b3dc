package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaderContactTest {
  private final AtomicLong appends = new AtomicLong(7);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final LeaderContact contact = new LeaderContact(appends::get, nanos::get);

  @Test
  void countsFromTheLastAppendSeenAndNotFromAnythingElse() {
    advanceMillis(300);
    assertThat(contact.millisSince()).as("since it was made, before any append").isEqualTo(300);

    appends.incrementAndGet();
    advanceMillis(50);
    assertThat(contact.millisSince()).as("an append is dated to when it is first seen").isZero();
    advanceMillis(1_500);
    assertThat(contact.millisSince()).isEqualTo(1_500);

    // Without appends, time goes on whatever else moves Ratis's last-RPC time (granted pre-votes).
    advanceMillis(2_000);
    assertThat(contact.millisSince()).isEqualTo(3_500);
    appends.addAndGet(3);
    assertThat(contact.millisSince()).isZero();
  }

  private void advanceMillis(long ms) {
    nanos.addAndGet(ms * 1_000_000);
  }
}
