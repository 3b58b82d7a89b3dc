package io.github.auroradist.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.github.auroradist.scheduler.stats.Stats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lanes of calls to the master: calls with one key keep their order, and acknowledgements go out while every
 * other lane is held up by a slow call (a launch to an agent the master takes long over).
 */
class MesosCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ByteString UUID = ByteString.copyFromUtf8("update-1");
  private static final ThreadFactory THREADS = r -> {
    Thread t = new Thread(r, "mesos-calls-test");
    t.setDaemon(true);
    return t;
  };

  private final MesosCalls calls = new MesosCalls(2, 2, THREADS, new Stats());
  private final CountDownLatch slowCallsMayEnd = new CountDownLatch(1);

  @AfterEach
  void close() {
    slowCallsMayEnd.countDown();
    calls.close();
  }

  private void slowCall() {
    try {
      slowCallsMayEnd.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void acknowledgementsGoOutWhileEveryOtherLaneWaitsOnASlowCall() {
    CountDownLatch slowCallsStarted = new CountDownLatch(2);
    // Two keys that land in the two lanes (a lane is the key's hash modulo the lane count).
    for (String agent : List.of("agent-0", "agent-1")) {
      calls.send(agent, () -> {
        slowCallsStarted.countDown();
        slowCall();
      });
    }
    await().atMost(WAIT).until(() -> slowCallsStarted.getCount() == 0);

    List<String> acknowledged = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 10; i++) {
      String task = "task-" + i;
      calls.acknowledge(task, UUID, () -> acknowledged.add(task));
    }
    await().atMost(WAIT).until(() -> acknowledged.size() == 10);
    assertThat(slowCallsMayEnd.getCount()).as("the slow calls are still under way").isEqualTo(1);
  }

  @Test
  void anUpdateWhoseAcknowledgementIsQueuedOrUnderWayIsNotAcknowledgedAgain() {
    List<String> sent = new CopyOnWriteArrayList<>();
    CountDownLatch firstStarted = new CountDownLatch(1);
    calls.acknowledge("task-0", UUID, () -> {
      firstStarted.countDown();
      slowCall();
      sent.add("first");
    });
    await().atMost(WAIT).until(() -> firstStarted.getCount() == 0);
    // The master re-sent the update meanwhile: its acknowledgement is under way, so these go nowhere.
    calls.acknowledge("task-0", UUID, () -> sent.add("re-sent while under way"));
    calls.acknowledge("task-0", UUID, () -> sent.add("re-sent while under way"));
    // Another update of the same task is acknowledged on its own (after the first: one task, one lane).
    calls.acknowledge("task-0", ByteString.copyFromUtf8("another"), () -> sent.add("another update"));
    assertThat(calls.acknowledging()).isEqualTo(2);

    slowCallsMayEnd.countDown();
    await().atMost(WAIT).until(() -> calls.acknowledging() == 0);
    // Once sent, a later re-send (the acknowledgement was lost) is acknowledged again.
    calls.acknowledge("task-0", UUID, () -> sent.add("re-sent after"));
    await().atMost(WAIT).until(() -> sent.contains("re-sent after"));
    assertThat(sent).containsExactlyInAnyOrder("first", "another update", "re-sent after");
  }

  @Test
  void callsWithOneKeyGoOutInTheOrderGiven() {
    List<Integer> sent = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 100; i++) {
      int call = i;
      calls.send("agent-0", () -> sent.add(call));
    }
    await().atMost(WAIT).until(() -> sent.size() == 100);
    assertThat(sent).isSorted();
  }
}
