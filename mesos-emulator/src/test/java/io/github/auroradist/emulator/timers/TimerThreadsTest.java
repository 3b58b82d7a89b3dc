package io.github.auroradist.emulator.timers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TimerThreadsTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(TimerThreads.class);
  private final List<ILoggingEvent> logged = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      logged.add(event);
    }
  };
  private final TimerThreads timers = new TimerThreads("test-timers", 1);

  @BeforeEach
  void captureTheLog() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void stop() {
    timers.shutdownNow();
    logger.detachAppender(appender);
  }

  private ILoggingEvent onlyFailure() {
    await().atMost(Duration.ofSeconds(5)).until(() -> !logged.isEmpty());
    assertThat(logged).hasSize(1);
    return logged.get(0);
  }

  @Test
  void aFailedOneShotTaskIsLogged() {
    var unused = timers.schedule(() -> {
      throw new IllegalStateException("one-shot broke");
    }, 10, TimeUnit.MILLISECONDS);
    ILoggingEvent failure = onlyFailure();
    assertThat(failure.getFormattedMessage()).contains("test-timers");
    assertThat(failure.getThrowableProxy().getMessage()).isEqualTo("one-shot broke");
  }

  @Test
  void aFailedPeriodicTaskIsLoggedOnce() {
    AtomicInteger runs = new AtomicInteger();
    var unused = timers.scheduleWithFixedDelay(() -> {
      if (runs.incrementAndGet() == 3) {
        throw new IllegalStateException("third run broke");
      }
    }, 0, 10, TimeUnit.MILLISECONDS);
    assertThat(onlyFailure().getThrowableProxy().getMessage()).isEqualTo("third run broke");
    assertThat(runs.get()).isEqualTo(3);
  }

  @Test
  void executedTasksAreLoggedToo() {
    timers.execute(() -> {
      throw new IllegalStateException("executed task broke");
    });
    assertThat(onlyFailure().getThrowableProxy().getMessage()).isEqualTo("executed task broke");
  }

  @Test
  void tasksThatSucceedOrAreCancelledLogNothing() throws Exception {
    timers.schedule(() -> "fine", 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
    timers.schedule(() -> { }, 1, TimeUnit.HOURS).cancel(false);
    timers.submit(() -> { }).get(5, TimeUnit.SECONDS); // runs after both: the pool has one thread
    assertThat(logged).isEmpty();
  }
}
