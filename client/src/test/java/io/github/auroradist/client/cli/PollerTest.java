package io.github.auroradist.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one wait loop, on a clock the test moves: nothing here really waits. */
class PollerTest {
  /** A clock that moves only when the poller sleeps; the sleeps are recorded. */
  static final class FakeClock {
    long now = 1_000;
    final List<Duration> sleeps = new ArrayList<>();

    Poller poller(Duration timeout, Duration interval, PrintWriter progress) {
      return new Poller(timeout, interval, progress, () -> now, nanos -> {
        sleeps.add(Duration.ofNanos(nanos));
        now += nanos;
      });
    }
  }

  @Test
  void looksEveryIntervalUntilTheConditionHolds() throws Exception {
    FakeClock clock = new FakeClock();
    int[] looks = {0};
    String result = clock.poller(Duration.ofSeconds(10), Duration.ofMillis(500), null).until(() ->
        ++looks[0] == 3 ? Poller.Look.done("there") : Poller.Look.notYet("not yet", " waiting"));
    assertThat(result).isEqualTo("there");
    assertThat(looks[0]).isEqualTo(3);
    assertThat(clock.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
  }

  @Test
  void givesUpAtTheDeadlineWithTheTimeoutExitCode() {
    FakeClock clock = new FakeClock();
    int[] looks = {0};
    assertThatThrownBy(() -> clock.poller(Duration.ofSeconds(2), Duration.ofMillis(800), null).until(() -> {
      looks[0]++;
      return Poller.Look.notYet("not yet", ": 3 task(s) are still active");
    })).isInstanceOfSatisfying(CommandFailure.class, f -> {
      assertThat(f.exitCode()).isEqualTo(ExitCodes.TIMEOUT);
      assertThat(f).hasMessage("gave up after 2s: 3 task(s) are still active");
    });
    // 800 + 800 + 400 ms: the last look comes at the deadline, not an interval past it.
    assertThat(clock.sleeps).containsExactly(Duration.ofMillis(800), Duration.ofMillis(800), Duration.ofMillis(400));
    assertThat(looks[0]).isEqualTo(4);
  }

  @Test
  void aZeroTimeoutWaitsAsLongAsItTakes() throws Exception {
    FakeClock clock = new FakeClock();
    int[] looks = {0};
    int result = clock.poller(Duration.ZERO, Duration.ofSeconds(1), null).until(() ->
        ++looks[0] == 10_000 ? Poller.Look.done(looks[0]) : Poller.Look.notYet("not yet", " waiting"));
    assertThat(result).isEqualTo(10_000);
    assertThat(clock.sleeps).hasSize(9_999).allMatch(Duration.ofSeconds(1)::equals);
  }

  @Test
  void showsProgressOnTheSameLine() throws Exception {
    FakeClock clock = new FakeClock();
    StringWriter out = new StringWriter();
    int[] looks = {0};
    clock.poller(Duration.ofSeconds(10), Duration.ofMillis(100), new PrintWriter(out)).until(() ->
        ++looks[0] == 3 ? Poller.Look.done(true) : Poller.Look.notYet(looks[0] + "/3 back", " waiting"));
    assertThat(out).hasToString("\r1/3 back   \r2/3 back   \r" + " ".repeat(11) + "\r");
  }

  @Test
  void aShorterProgressLineCoversALongerOne() throws Exception {
    FakeClock clock = new FakeClock();
    StringWriter out = new StringWriter();
    String[] lines = {"waiting for 10 instances", "done soon"};
    int[] looks = {0};
    clock.poller(Duration.ofSeconds(10), Duration.ofMillis(100), new PrintWriter(out)).until(() ->
        looks[0] == 2 ? Poller.Look.done(true) : Poller.Look.notYet(lines[looks[0]++], " waiting"));
    assertThat(out).hasToString("\rwaiting for 10 instances   \rdone soon   " + " ".repeat(15) + "\r"
        + " ".repeat(27) + "\r");
  }

  @Test
  void aFailingLookEndsTheWait() {
    FakeClock clock = new FakeClock();
    assertThatThrownBy(() -> clock.poller(Duration.ofSeconds(10), Duration.ofMillis(100), null).until(() -> {
      throw new CommandFailure(ExitCodes.COMMAND_FAILURE, "the job ended");
    })).isInstanceOfSatisfying(CommandFailure.class,
        f -> assertThat(f.exitCode()).isEqualTo(ExitCodes.COMMAND_FAILURE));
    assertThat(clock.sleeps).isEmpty();
  }
}
