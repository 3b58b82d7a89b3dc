package io.github.auroradist.scheduler.cron;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A 5-field crontab schedule: minute, hour, day of month, month, day of week. Fields take
 * {@code *}, numbers, ranges {@code a-b}, lists {@code a,b}, steps {@code * /n} and {@code a-b/n},
 * and month/day names ({@code JAN}, {@code MON}); day of week 0 and 7 are Sunday. When both day of
 * month and day of week are restricted, a day matching either fires (as in cron). No {@code @} macros.
 */
public final class CronExpression {
  private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
      Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
      Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
  private static final Map<String, Integer> DAYS = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4,
      "FRI", 5, "SAT", 6);

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domRestricted;
  private final boolean dowRestricted;

  private CronExpression(String text, String[] f) {
    this.text = text;
    minutes = field("minute", f[0], 0, 59, Map.of());
    hours = field("hour", f[1], 0, 23, Map.of());
    daysOfMonth = field("day of month", f[2], 1, 31, Map.of());
    months = field("month", f[3], 1, 12, MONTHS);
    BitSet dow = field("day of week", f[4], 0, 7, DAYS);
    if (dow.get(7)) {
      dow.set(0);
    }
    daysOfWeek = dow;
    domRestricted = !f[2].equals("*");
    dowRestricted = !f[4].equals("*");
  }

  /**
   * Parses a crontab schedule.
   *
   * @throws IllegalArgumentException naming the field and what is wrong with it
   */
  public static CronExpression parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.startsWith("@")) {
      throw new IllegalArgumentException("cronSchedule: '" + text + "' is a macro; write the 5 fields instead"
          + " (for example '0 * * * *' for hourly)");
    }
    String[] fields = t.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("cronSchedule: '" + text + "' has " + (t.isEmpty() ? 0 : fields.length)
          + " fields; write 5: minute hour day-of-month month day-of-week (for example '*/15 * * * *')");
    }
    return new CronExpression(t, fields);
  }

  private static BitSet field(String name, String spec, int min, int max, Map<String, Integer> names) {
    BitSet bits = new BitSet(max + 1);
    for (String part : spec.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(name, part.substring(slash + 1), 1, max, Map.of());
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", 2);
        from = number(name, ends[0], min, max, names);
        to = number(name, ends[1], min, max, names);
        if (from > to) {
          throw new IllegalArgumentException("cronSchedule: " + name + " range '" + range + "' runs backwards");
        }
      } else {
        from = number(name, range, min, max, names);
        to = slash >= 0 ? max : from;
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String name, String text, int min, int max, Map<String, Integer> names) {
    Integer named = names.get(text.toUpperCase(Locale.ROOT));
    if (named != null) {
      return named;
    }
    try {
      int v = Integer.parseInt(text);
      if (v < min || v > max) {
        throw new IllegalArgumentException("cronSchedule: " + name + " " + v + " is outside " + min + "-" + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cronSchedule: " + name + " '" + text + "' is not a number"
          + (names.isEmpty() ? "" : " or a name like " + names.keySet().stream().sorted().findFirst().orElse("")));
    }
  }

  /** The first time after {@code after} (exclusive, whole minutes) that matches, within about five years. */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = after.plusYears(5);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
        continue;
      }
      if (!dayMatches(t)) {
        t = t.withHour(0).withMinute(0).plusDays(1);
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.withMinute(0).plusHours(1);
        continue;
      }
      if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
        continue;
      }
      return Optional.of(t);
    }
    return Optional.empty();
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (domRestricted && dowRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  @Override
  public String toString() {
    return text;
  }
}
