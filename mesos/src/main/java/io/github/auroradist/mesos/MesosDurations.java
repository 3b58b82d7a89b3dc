package io.github.auroradist.mesos;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Mesos prints them in flags and environment variables: {@code 15mins}, {@code 2.5secs}. */
public final class MesosDurations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|secs|mins|hrs|days|weeks)");
  private static final Map<String, Long> NANOS = Map.of(
      "ns", 1L, "us", 1_000L, "ms", 1_000_000L, "secs", 1_000_000_000L, "mins", 60_000_000_000L,
      "hrs", 3_600_000_000_000L, "days", 86_400_000_000_000L, "weeks", 604_800_000_000_000L);

  private MesosDurations() {}

  /**
   * Reads a duration such as {@code 2.5secs}.
   *
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a Mesos duration such as 100ms, 2secs or 15mins");
    }
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2))));
    return Duration.ofNanos(nanos.longValue());
  }

  /** Prints a duration in the largest whole Mesos unit. */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    String[] units = {"weeks", "days", "hrs", "mins", "secs", "ms", "us"};
    for (String unit : units) {
      long size = NANOS.get(unit);
      if (nanos % size == 0 && nanos >= size) {
        return nanos / size + unit;
      }
    }
    return nanos + "ns";
  }
}
