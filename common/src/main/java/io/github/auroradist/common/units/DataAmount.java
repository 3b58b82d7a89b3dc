package io.github.auroradist.common.units;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size written the way Aurora writes it: {@code 128MB}, {@code 1GB}; units are 1024-based. */
public record DataAmount(long value, Unit unit) {
  public enum Unit {
    B(1L), KB(1L << 10), MB(1L << 20), GB(1L << 30), TB(1L << 40), PB(1L << 50);

    private final long bytes;

    Unit(long bytes) {
      this.bytes = bytes;
    }
  }

  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([a-zA-Z]+)");
  private static final Map<String, Unit> BY_NAME = Map.of(
      "B", Unit.B, "KB", Unit.KB, "MB", Unit.MB, "GB", Unit.GB, "TB", Unit.TB, "PB", Unit.PB);

  public DataAmount {
    if (value < 0) {
      throw new IllegalArgumentException("a data amount cannot be negative: " + value);
    }
  }

  /**
   * Parses {@code <number><unit>} with unit B, KB, MB, GB, TB or PB (case-insensitive).
   *
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  public static DataAmount parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    Unit unit = m.matches() ? BY_NAME.get(m.group(2).toUpperCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("'" + text + "' is not a data amount; write a whole number"
          + " followed by B, KB, MB, GB, TB or PB (for example 128MB)");
    }
    return new DataAmount(Long.parseLong(m.group(1)), unit);
  }

  public long bytes() {
    return Math.multiplyExact(value, unit.bytes);
  }

  /** Whole mebibytes, the unit Mesos uses for mem and disk. */
  public double megabytes() {
    return bytes() / (double) Unit.MB.bytes;
  }

  @Override
  public String toString() {
    return value + unit.name();
  }
}
