package io.github.auroradist.common.units;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration written the way Aurora's flags write it: {@code 30secs}, {@code 5mins}, {@code 21days}. */
public record TimeAmount(long value, Unit unit) {
  public enum Unit {
    NANOSECONDS("ns", Duration.ofNanos(1)),
    MICROSECONDS("us", Duration.ofNanos(1000)),
    MILLISECONDS("ms", Duration.ofMillis(1)),
    SECONDS("secs", Duration.ofSeconds(1)),
    MINUTES("mins", Duration.ofMinutes(1)),
    HOURS("hrs", Duration.ofHours(1)),
    DAYS("days", Duration.ofDays(1));

    private final String suffix;
    private final Duration one;

    Unit(String suffix, Duration one) {
      this.suffix = suffix;
      this.one = one;
    }

    public String suffix() {
      return suffix;
    }
  }

  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([a-zA-Z]+)");
  private static final Map<String, Unit> ALIASES = Map.ofEntries(
      Map.entry("ns", Unit.NANOSECONDS), Map.entry("us", Unit.MICROSECONDS),
      Map.entry("ms", Unit.MILLISECONDS),
      Map.entry("s", Unit.SECONDS), Map.entry("sec", Unit.SECONDS), Map.entry("secs", Unit.SECONDS),
      Map.entry("m", Unit.MINUTES), Map.entry("min", Unit.MINUTES), Map.entry("mins", Unit.MINUTES),
      Map.entry("h", Unit.HOURS), Map.entry("hr", Unit.HOURS), Map.entry("hrs", Unit.HOURS),
      Map.entry("d", Unit.DAYS), Map.entry("day", Unit.DAYS), Map.entry("days", Unit.DAYS));

  public TimeAmount {
    if (value < 0) {
      throw new IllegalArgumentException("a time amount cannot be negative: " + value);
    }
  }

  /**
   * Parses {@code <number><unit>}; units are ns, us, ms, secs, mins, hrs, days (and s, m, h, d).
   *
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  public static TimeAmount parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    Unit unit = m.matches() ? ALIASES.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("'" + text + "' is not a time amount; write a whole number"
          + " followed by a unit: ns, us, ms, secs, mins, hrs or days (for example 30secs or 5mins)");
    }
    return new TimeAmount(Long.parseLong(m.group(1)), unit);
  }

  public Duration toDuration() {
    return unit.one.multipliedBy(value);
  }

  @Override
  public String toString() {
    return value + unit.suffix;
  }
}
