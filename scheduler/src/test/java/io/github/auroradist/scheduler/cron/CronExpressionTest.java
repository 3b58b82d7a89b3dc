package io.github.auroradist.scheduler.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run times at fixed instants, never the real clock. */
class CronExpressionTest {
  static final ZonedDateTime T = ZonedDateTime.of(2026, 11, 25, 13, 7, 30, 0, ZoneId.of("GMT")); // a Wednesday
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static String next(String cron) {
    return CronExpression.parse(cron).next(T).orElseThrow().toLocalDateTime().toString();
  }

  /** The next {@code count} runs after {@code after}, as instants. */
  static List<Instant> runs(String cron, String after, ZoneId zone, int count) {
    CronExpression expression = CronExpression.parse(cron);
    ZonedDateTime t = Instant.parse(after).atZone(zone);
    List<Instant> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      t = expression.next(t).orElseThrow();
      out.add(t.toInstant());
    }
    return out;
  }

  static List<Instant> instants(String... values) {
    return java.util.Arrays.stream(values).map(Instant::parse).toList();
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
    assertThat(next("0 9 * * SUN-SAT")).isEqualTo("2026-11-26T09:00");
    assertThat(next("0 9 * * sat,sun")).isEqualTo("2026-11-28T09:00");
    assertThat(next("5,10 13 * * *")).isEqualTo("2026-11-25T13:10");
    assertThat(next("0 0 29 2 *")).isEqualTo("2028-02-29T00:00");
    assertThat(next("0 12 1-7/2 JAN *")).isEqualTo("2027-01-01T12:00");
    assertThat(CronExpression.parse("0 0 31 2 *").next(T)).isEmpty();
  }

  @Test
  void withBothDayFieldsRestrictedADayMatchingEitherRuns() {
    // The 1st of the month or any Friday, as in Vixie cron.
    assertThat(next("0 0 1 * FRI")).isEqualTo("2026-11-27T00:00");
    // The 13th or any Friday: Friday 27 November, Friday 4 and 11 December, then Sunday the 13th.
    assertThat(runs("0 0 13 * 5", "2026-11-25T13:07:30Z", ZoneId.of("GMT"), 5)).isEqualTo(instants(
        "2026-11-27T00:00:00Z", "2026-12-04T00:00:00Z", "2026-12-11T00:00:00Z", "2026-12-13T00:00:00Z",
        "2026-12-18T00:00:00Z"));
  }

  @Test
  void aDayFieldStartingWithAStarIsNotRestrictedSoBothMustMatch() {
    // Vixie cron: */2 is not "restricted", so this is every odd day that is a Monday (not every odd day and
    // every Monday). The first odd Monday after Wednesday 25 November is 7 December.
    assertThat(next("0 0 */2 * MON")).isEqualTo("2026-12-07T00:00");
    // The 1st when it is a Sunday, Tuesday, Thursday or Saturday: Tuesday 1 December (not Thursday 26 November).
    assertThat(next("0 0 1 * */2")).isEqualTo("2026-12-01T00:00");
  }

  @Test
  void aFixedTimeThatTheSpringForwardSkipsRunsOnceWhenTheSkippedHourEnds() {
    // Berlin, Sunday 29 March 2026: at 01:00 UTC clocks go from 02:00 CET to 03:00 CEST; 02:30 does not exist.
    assertThat(runs("30 2 * * *", "2026-03-28T12:00:00Z", BERLIN, 3)).isEqualTo(instants(
        "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"));
    // A time that exists that day is not moved; an hourly schedule simply has no 02:00 run that day.
    assertThat(runs("0 3 * * *", "2026-03-28T12:00:00Z", BERLIN, 1)).isEqualTo(instants("2026-03-29T01:00:00Z"));
    assertThat(runs("0 * * * *", "2026-03-29T00:30:00Z", BERLIN, 2)).isEqualTo(instants(
        "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"));
  }

  @Test
  void aFixedTimeThatTheFallBackRepeatsRunsOnceButEveryHalfHourRunsInBothHours() {
    // Berlin, Sunday 25 October 2026: at 01:00 UTC clocks go back from 03:00 CEST to 02:00 CET; 02:30 comes twice.
    assertThat(runs("30 2 * * *", "2026-10-24T12:00:00Z", BERLIN, 2)).isEqualTo(instants(
        "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"));
    assertThat(runs("*/30 * * * *", "2026-10-25T00:00:00Z", BERLIN, 4)).isEqualTo(instants(
        "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z"));
  }

  @Test
  void badSchedulesSayWhatIsWrong() {
    assertThatThrownBy(() -> CronExpression.parse("@hourly")).hasMessageContaining("macro")
        .hasMessageContaining("'0 * * * *'");
    assertThatThrownBy(() -> CronExpression.parse("* * * *")).hasMessageContaining("has 4 fields");
    assertThatThrownBy(() -> CronExpression.parse("0 0 * * * *")).hasMessageContaining("has 6 fields");
    assertThatThrownBy(() -> CronExpression.parse("")).hasMessageContaining("has 0 fields");
    assertThatThrownBy(() -> CronExpression.parse("60 * * * *")).hasMessageContaining("minute 60 is outside 0-59");
    assertThatThrownBy(() -> CronExpression.parse("* 5-2 * * *")).hasMessageContaining("runs backwards");
    assertThatThrownBy(() -> CronExpression.parse("* * * FOO *")).hasMessageContaining("month 'FOO' is not a number");
    assertThatThrownBy(() -> CronExpression.parse("0 0 0 * *")).hasMessageContaining("day of month 0 is outside 1-31");
    assertThatThrownBy(() -> CronExpression.parse("0 0 * * SAT-MON"))
        .hasMessageContaining("day of week range 'SAT-MON' runs backwards");
    assertThatThrownBy(() -> CronExpression.parse("0 0 * * 8"))
        .hasMessageStartingWith("cronSchedule: day of week 8 is outside 0-7 in '0 0 * * 8'; write 5 fields: minute"
            + " hour day-of-month month day-of-week");
  }
}
