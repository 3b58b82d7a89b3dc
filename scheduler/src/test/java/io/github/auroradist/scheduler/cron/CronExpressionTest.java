package io.github.auroradist.scheduler.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
  static final ZonedDateTime T = ZonedDateTime.of(2026, 11, 25, 13, 7, 30, 0, ZoneId.of("GMT")); // a Wednesday

  static String next(String cron) {
    return CronExpression.parse(cron).next(T).orElseThrow().toLocalDateTime().toString();
  }

  @Test
  void nextRuns() {
    assertThat(next("* * * * *")).isEqualTo("2026-11-25T13:08");
    assertThat(next("*/15 * * * *")).isEqualTo("2026-11-25T13:15");
    assertThat(next("0 * * * *")).isEqualTo("2026-11-25T14:00");
    assertThat(next("30 2 * * *")).isEqualTo("2026-11-26T02:30");
    assertThat(next("0 0 1 * *")).isEqualTo("2026-12-01T00:00");
    assertThat(next("0 9 * * MON-FRI")).isEqualTo("2026-11-26T09:00");
    assertThat(next("0 9 * * 0")).isEqualTo("2026-11-29T09:00");
    assertThat(next("0 9 * * 7")).isEqualTo("2026-11-29T09:00");
    assertThat(next("5,10 13 * * *")).isEqualTo("2026-11-25T13:10");
    assertThat(next("0 0 29 2 *")).isEqualTo("2028-02-29T00:00");
    assertThat(next("0 12 1-7/2 JAN *")).isEqualTo("2027-01-01T12:00");
    // Day of month or day of week, as in cron: the 1st of the month or any Friday.
    assertThat(next("0 0 1 * FRI")).isEqualTo("2026-11-27T00:00");
    assertThat(CronExpression.parse("0 0 31 2 *").next(T)).isEmpty();
  }

  @Test
  void badSchedulesSayWhatIsWrong() {
    assertThatThrownBy(() -> CronExpression.parse("@hourly")).hasMessageContaining("macro");
    assertThatThrownBy(() -> CronExpression.parse("* * * *")).hasMessageContaining("has 4 fields");
    assertThatThrownBy(() -> CronExpression.parse("60 * * * *")).hasMessageContaining("minute 60 is outside 0-59");
    assertThatThrownBy(() -> CronExpression.parse("* 5-2 * * *")).hasMessageContaining("runs backwards");
    assertThatThrownBy(() -> CronExpression.parse("* * * FOO *")).hasMessageContaining("month 'FOO' is not a number");
  }
}
