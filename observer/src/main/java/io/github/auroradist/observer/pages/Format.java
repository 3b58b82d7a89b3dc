package io.github.auroradist.observer.pages;

import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** How the pages write times, durations, sizes and summaries (always UTC, never the machine's locale). */
public final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Format() {}

  /** A value that may be missing: empty when null. */
  public static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  public static String time(Long epochMs) {
    return epochMs == null || epochMs <= 0 ? "" : TIME.format(Instant.ofEpochMilli(epochMs));
  }

  /** From {@code fromMs} to {@code toMs}, or to now while it runs. */
  public static String duration(Long fromMs, Long toMs) {
    if (fromMs == null) {
      return "";
    }
    long end = toMs != null ? toMs : System.currentTimeMillis();
    long secs = Math.max(0, (end - fromMs) / 1000);
    if (secs < 60) {
      return secs + "s";
    }
    if (secs < 3600) {
      return secs / 60 + "m" + secs % 60 + "s";
    }
    if (secs < 86400) {
      return secs / 3600 + "h" + secs % 3600 / 60 + "m";
    }
    return secs / 86400 + "d" + secs % 86400 / 3600 + "h";
  }

  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code bytes(n)}, or empty when {@code n} is null. */
  public static String bytes(Long n) {
    return n == null ? "" : bytes(n.longValue());
  }

  public static String decimal(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }

  /** "3 processes: 2 RUNNING, 1 SUCCESS" from each process's latest run. */
  public static String processSummary(TaskCheckpoint c) {
    Map<String, Integer> counts = new TreeMap<>();
    c.processes().forEach((name, runs) ->
        counts.merge(runs.isEmpty() ? "not started" : runs.get(runs.size() - 1).state().name(), 1, Integer::sum));
    int n = c.processes().size();
    if (n == 0) {
      return "no processes";
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((s, k) -> parts.add(k + " " + s));
    return n + (n == 1 ? " process: " : " processes: ") + String.join(", ", parts);
  }
}
