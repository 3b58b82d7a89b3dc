package io.github.auroradist.scheduler.cron;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 5-field crontab schedule (minute, hour, day of month, month, day of week) read as Vixie cron reads it, with
 * cron-utils' Unix definition for the fields and the run times. Fields take {@code *}, numbers, ranges, lists,
 * steps and month/day names; day of week 0 and 7 are Sunday. No {@code @} macros (Aurora has none).
 *
 * <p>Where Vixie cron and cron-utils differ, this follows Vixie cron: a day matches when the day of month and
 * the day of week both match, except that when both fields are restricted (neither starts with {@code *}) a day
 * matching either one does; and a run at a fixed time (minute and hour do not start with {@code *}) that a
 * daylight-saving change skips (02:30 on the day clocks go from 02:00 to 03:00) happens once, when the skipped
 * hour ends. A fixed time that comes twice when clocks go back runs once, at its first occurrence.
 */
public final class CronExpression {
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final List<String> FIELDS = List.of("minute", "hour", "day of month", "month", "day of week");
  private static final Pattern OUT_OF_RANGE = Pattern.compile("Value (\\d+) not in range \\[(\\d+), (\\d+)]");
  private static final Map<String, String> DAYS = Map.of("SUN", "0", "MON", "1", "TUE", "2", "WED", "3", "THU", "4",
      "FRI", "5", "SAT", "6");
  private static final Pattern DAY_NAME = Pattern.compile("[A-Za-z]+");
  /** No run further away than this is looked for (a schedule such as February 30 never runs). */
  private static final long HORIZON_YEARS = 5;

  private final String text;
  /** Every run time as cron-utils computes it. */
  private final ExecutionTime runs;
  /** When both day fields are set and one starts with '*', the day of week that a run's day must also match. */
  private final Optional<ExecutionTime> alsoDayOfWeek;
  private final boolean fixedTime;

  private CronExpression(String text, String[] f) {
    this.text = text;
    boolean domStar = f[2].startsWith("*");
    boolean dowStar = f[4].startsWith("*");
    boolean bothSet = !f[2].equals("*") && !f[4].equals("*");
    if (bothSet && (domStar || dowStar)) {
      // Vixie cron: a field starting with '*' (such as */2) is not "restricted", so both fields must match.
      // cron-utils would accept either: take the day of month from it, and check the day of week on top.
      runs = executionTime(f[0], f[1], f[2], f[3], "*");
      alsoDayOfWeek = Optional.of(executionTime(f[0], f[1], "*", f[3], f[4]));
    } else {
      runs = executionTime(f[0], f[1], f[2], f[3], f[4]);
      alsoDayOfWeek = Optional.empty();
    }
    fixedTime = !f[0].startsWith("*") && !f[1].startsWith("*");
  }

  private static ExecutionTime executionTime(String... fields) {
    return ExecutionTime.forCron(PARSER.parse(String.join(" ", fields)));
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
    String[] fields = t.isEmpty() ? new String[0] : t.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("cronSchedule: '" + text + "' has " + fields.length
          + " fields; write 5: minute hour day-of-month month day-of-week (for example '*/15 * * * *')");
    }
    String[] written = fields.clone();
    fields[4] = dayNumbers(fields[4]);
    for (int i = 0; i < fields.length; i++) {
      String[] alone = {"*", "*", "*", "*", "*"};
      alone[i] = fields[i];
      try {
        PARSER.parse(String.join(" ", alone));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cronSchedule: " + problem(FIELDS.get(i), written[i],
            String.valueOf(e.getMessage()).replace("Failed to parse cron expression. ", "")) + " in '" + t
            + "'; write 5 fields: minute hour day-of-month month day-of-week, for example '*/15 * * * *'");
      }
    }
    return new CronExpression(t, fields);
  }

  /** What is wrong with one field, from cron-utils' account of it. */
  private static String problem(String field, String value, String detail) {
    Matcher range = OUT_OF_RANGE.matcher(detail);
    if (range.find()) {
      return field + " " + range.group(1) + " is outside " + range.group(2) + "-" + range.group(3);
    }
    if (detail.startsWith("Invalid range")) {
      return field + " range '" + value + "' runs backwards";
    }
    if (detail.startsWith("Invalid chars")) {
      return field + " '" + value + "' is not a number" + (field.equals("month") ? " or a name like JAN"
          : field.equals("day of week") ? " or a name like MON" : "");
    }
    return field + " '" + value + "' is not valid (" + detail + ")";
  }

  /** Day names as Vixie cron numbers them (SUN is 0), so that ranges such as SUN-SAT read as in crontab(5). */
  private static String dayNumbers(String field) {
    Matcher m = DAY_NAME.matcher(field);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String number = DAYS.get(m.group().toUpperCase(Locale.ROOT));
      m.appendReplacement(out, number == null ? m.group() : number);
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The first run after {@code after} (exclusive; whole minutes), within about five years. */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    ZonedDateTime limit = after.plusYears(HORIZON_YEARS);
    Optional<ZonedDateTime> next = nextMatchingDay(after, limit);
    if (fixedTime) {
      Optional<ZonedDateTime> skipped = endOfSkippedRun(after, next.orElse(limit));
      if (skipped.isPresent()) {
        return skipped;
      }
    }
    return next;
  }

  private Optional<ZonedDateTime> nextMatchingDay(ZonedDateTime after, ZonedDateTime limit) {
    Optional<ZonedDateTime> next = runs.nextExecution(after);
    while (next.isPresent() && alsoDayOfWeek.isPresent() && !alsoDayOfWeek.get().isMatch(next.get())) {
      if (!next.get().isBefore(limit)) {
        return Optional.empty();
      }
      // Not that day of the week: look at the next day.
      next = runs.nextExecution(next.get().toLocalDate().atTime(23, 59).atZone(next.get().getZone()));
    }
    return next.filter(n -> n.isBefore(limit));
  }

  /**
   * The end of the first clock jump forward between {@code after} and {@code before} that skipped a run of this
   * schedule (its local time did not exist that day), if there is one: the skipped run happens then.
   */
  private Optional<ZonedDateTime> endOfSkippedRun(ZonedDateTime after, ZonedDateTime before) {
    ZoneOffsetTransition jump = after.getZone().getRules().nextTransition(after.toInstant());
    while (jump != null && jump.getInstant().isBefore(before.toInstant())) {
      if (jump.isGap() && skipsARun(jump)) {
        return Optional.of(ZonedDateTime.ofInstant(jump.getInstant(), after.getZone()));
      }
      jump = after.getZone().getRules().nextTransition(jump.getInstant());
    }
    return Optional.empty();
  }

  /** Whether a local time the jump skipped (from its local time before to its local time after) matches. */
  private boolean skipsARun(ZoneOffsetTransition jump) {
    for (LocalDateTime local = jump.getDateTimeBefore(); local.isBefore(jump.getDateTimeAfter());
        local = local.plus(1, ChronoUnit.MINUTES)) {
      ZonedDateTime asIf = local.atZone(ZoneOffset.UTC);
      if (runs.isMatch(asIf) && alsoDayOfWeek.map(d -> d.isMatch(asIf)).orElse(true)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }
}
