package io.github.auroradist.scheduler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The policy for failed threads and timers: what ends the process, and that health says so first. */
class ProcessHealthTest {
  /** How the process ended: the exit status, the reason, and what the health check said at that moment. */
  record Ending(int status, String reason, Optional<String> healthThen) {
  }

  final List<Ending> endings = new CopyOnWriteArrayList<>();
  final AtomicReference<ProcessHealth> healthRef = new AtomicReference<>();
  final ProcessHealth health = new ProcessHealth((status, reason) ->
      endings.add(new Ending(status, reason, healthRef.get().get())));

  {
    healthRef.set(health);
  }

  /** Runs {@code body} on a thread whose uncaught failures go to the policy (as the default handler does). */
  private Thread runOnOrdinaryThread(String name, Runnable body) throws InterruptedException {
    Thread t = new Thread(body, name);
    t.setUncaughtExceptionHandler(health::uncaught);
    t.start();
    t.join();
    return t;
  }

  @Test
  void anErrorInAnyThreadEndsTheProcessAndHealthSaysSoBeforeTheHalt() throws Exception {
    runOnOrdinaryThread("http-17", () -> {
      throw new OutOfMemoryError("Java heap space");
    });
    assertThat(endings).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(ProcessHealth.EX_SOFTWARE);
      assertThat(e.reason()).contains("http-17", "OutOfMemoryError", "Java heap space");
      assertThat(e.healthThen()).as("unhealthy before the halt").contains(e.reason());
    });
    assertThat(health.get()).contains(endings.get(0).reason());
  }

  @Test
  void anExceptionEndsTheProcessOnlyWhenItsThreadIsEssential() throws Exception {
    runOnOrdinaryThread("worker", () -> {
      throw new IllegalStateException("a bug in an ordinary thread");
    });
    assertThat(endings).isEmpty();
    assertThat(health.get()).isEmpty();

    ProcessHealth.Parts parts = health.parts();
    Thread essential = parts.threads("log-applier", "applies the log").newThread(() -> {
      throw new IllegalStateException("a bug in an essential thread");
    });
    essential.start();
    essential.join();
    assertThat(endings).singleElement().satisfies(e -> {
      assertThat(e.reason()).contains("log-applier", "applies the log", "a bug in an essential thread");
      assertThat(e.healthThen()).isPresent();
    });
  }

  @Test
  void onlyTheFirstDeathCounts() throws Exception {
    health.die("first", null);
    health.die("second", null);
    assertThat(endings).extracting(Ending::reason).containsExactly("first");
    assertThat(health.get()).contains("first");
  }

  @Test
  void anEssentialThreadThatEndedIsReportedUntilItsOwnerReleasedIt() throws Exception {
    ProcessHealth.Parts parts = health.parts();
    CountDownLatch stop = new CountDownLatch(1);
    Thread t = parts.threads("mesos-scheduler", "the Mesos subscription").newThread(() -> {
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(health.get()).as("made, not started yet").isEmpty();
    t.start();
    assertThat(health.get()).isEmpty();
    stop.countDown();
    t.join();
    assertThat(health.get()).hasValueSatisfying(why -> assertThat(why).contains("mesos-scheduler",
        "the Mesos subscription", "no longer running"));
    assertThat(endings).as("ended without a failure: reported, not halted").isEmpty();
    parts.close();
    assertThat(health.get()).isEmpty();
  }

  @Test
  void probesReportWedgedPartsUntilReleased() {
    ProcessHealth.Parts parts = health.parts();
    AtomicReference<Optional<String>> wedged = new AtomicReference<>(Optional.empty());
    parts.probe(wedged::get);
    assertThat(health.get()).isEmpty();
    wedged.set(Optional.of("a write has waited 40 s for the replicated log"));
    assertThat(health.get()).contains("a write has waited 40 s for the replicated log");
    parts.close();
    assertThat(health.get()).isEmpty();
  }

  @Test
  void aReleasedPartsFailureEndsTheProcessOnlyForAnError() {
    ProcessHealth.Parts parts = health.parts();
    parts.close();
    parts.die("failed while stopping", new IllegalStateException("interrupted"));
    assertThat(endings).isEmpty();
    parts.die("out of memory while stopping", new OutOfMemoryError());
    assertThat(endings).extracting(Ending::reason).containsExactly("out of memory while stopping");
  }

  @Test
  void aPeriodicTimerThatFailsEndsTheProcessInsteadOfStoppingSilently() {
    try (SchedulerTimers timers = new SchedulerTimers(health.parts(), new SchedulerLifecycle(Duration.ofMinutes(1)), 1)) {
      timers.scheduleWithFixedDelay(() -> {
        throw new IllegalStateException("pruning failed");
      }, 0, 10, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> !endings.isEmpty());
      assertThat(endings.get(0).reason()).contains("periodic scheduler timer failed", "pruning failed");
    }
  }

  @Test
  void aOneShotTimerIsLoggedOnAnExceptionAndEndsTheProcessOnAnError() throws Exception {
    try (SchedulerTimers timers = new SchedulerTimers(health.parts(), new SchedulerLifecycle(Duration.ofMinutes(1)), 1)) {
      timers.schedule(() -> {
        throw new IllegalStateException("a kill could not be sent");
      }, 0, TimeUnit.MILLISECONDS);
      // One thread: the next job runs only after the failed one was handled.
      timers.submit(() -> { }).get(10, TimeUnit.SECONDS);
      assertThat(endings).isEmpty();
      assertThat(health.get()).isEmpty();

      timers.schedule(() -> {
        throw new StackOverflowError();
      }, 0, TimeUnit.MILLISECONDS);
      timers.submit(() -> { }).get(10, TimeUnit.SECONDS);
      assertThat(endings).singleElement().satisfies(e -> assertThat(e.reason()).contains("StackOverflowError"));
    }
  }

  @Test
  void timersStoppedOnPurposeDoNotEndTheProcess() throws Exception {
    ProcessHealth.Parts parts = health.parts();
    SchedulerTimers timers = new SchedulerTimers(parts, new SchedulerLifecycle(Duration.ofMinutes(1)), 1);
    CountDownLatch running = new CountDownLatch(1);
    timers.scheduleWithFixedDelay(() -> {
      running.countDown();
      try {
        new CountDownLatch(1).await();  // until the stop interrupts it
      } catch (InterruptedException e) {
        throw new IllegalStateException("interrupted by the stop", e);
      }
    }, 0, 10, TimeUnit.MILLISECONDS);
    running.await();
    parts.close();
    timers.close();
    assertThat(timers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(endings).isEmpty();
    assertThat(health.get()).isEmpty();
  }
}
