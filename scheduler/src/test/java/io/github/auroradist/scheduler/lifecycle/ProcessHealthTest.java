package io.github.auroradist.scheduler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.github.auroradist.common.process.ProcessHealth;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

  /** Timers on one thread: a job runs only after the one before it was handled. */
  private static SchedulerTimers timersOf(ProcessHealth.Parts parts) {
    return new SchedulerTimers(parts, new SchedulerLifecycle(Duration.ofMinutes(1)), 1);
  }

  @Test
  void aPeriodicTimerThatFailsEndsTheProcessInsteadOfStoppingSilently() {
    try (SchedulerTimers timers = timersOf(health.parts())) {
      Future<?> pruning = timers.scheduleWithFixedDelay(() -> {
        throw new IllegalStateException("pruning failed");
      }, 0, 10, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> !endings.isEmpty());
      assertThat(endings.get(0).reason()).contains("periodic scheduler timer failed", "pruning failed");
      assertThat(pruning).as("never run again").failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
          .withMessageContaining("pruning failed");
    }
  }

  @Test
  void aFailedRunOfPeriodicWorkIsLoggedAndTheNextRunsGoOn() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(SchedulerTimers.class);
    List<ILoggingEvent> logged = new CopyOnWriteArrayList<>();
    AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        logged.add(event);
      }
    };
    appender.start();
    logger.addAppender(appender);
    AtomicInteger runs = new AtomicInteger();
    try (SchedulerTimers timers = timersOf(health.parts())) {
      timers.every("Pruning task history", Duration.ZERO, Duration.ofMillis(10), () -> {
        runs.incrementAndGet();
        throw new IllegalStateException("the store is busy");
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(logged).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).isEqualTo("Pruning task history failed");
      assertThat(e.getThrowableProxy().getMessage()).isEqualTo("the store is busy");
    });
    assertThat(endings).isEmpty();
  }

  @Test
  void aOneShotTimerIsLoggedOnAnExceptionAndEndsTheProcessOnAnError() throws Exception {
    try (SchedulerTimers timers = timersOf(health.parts())) {
      Future<?> kill = timers.schedule(() -> {
        throw new IllegalStateException("a kill could not be sent");
      }, 0, TimeUnit.MILLISECONDS);
      timers.submit(() -> { }).get(10, TimeUnit.SECONDS);
      assertThat(kill).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
          .withMessageContaining("a kill could not be sent");
      assertThat(endings).isEmpty();
      assertThat(health.get()).isEmpty();

      Future<?> overflow = timers.schedule(() -> {
        throw new StackOverflowError();
      }, 0, TimeUnit.MILLISECONDS);
      timers.submit(() -> { }).get(10, TimeUnit.SECONDS);
      assertThat(overflow).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(StackOverflowError.class);
      assertThat(endings).singleElement().satisfies(e -> assertThat(e.reason()).contains("StackOverflowError"));
    }
  }

  @Test
  void timersStoppedOnPurposeDoNotEndTheProcess() throws Exception {
    ProcessHealth.Parts parts = health.parts();
    SchedulerTimers timers = timersOf(parts);
    CountDownLatch running = new CountDownLatch(1);
    Future<?> blocked = timers.scheduleWithFixedDelay(() -> {
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
    assertThat(blocked).as("ended by the stop").isDone();
    assertThat(endings).isEmpty();
    assertThat(health.get()).isEmpty();
  }
}
