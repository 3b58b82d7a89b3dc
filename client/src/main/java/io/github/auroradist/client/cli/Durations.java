package io.github.auroradist.client.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on aurora-admin's command line as Aurora's {@code parse_time}: {@code 30m}, {@code 1h}, {@code 1h30m}. */
final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(\\d+[dhms])+");
  private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

  private Durations() {}

  static long seconds(String text, String what) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    if (!WHOLE.matcher(t).matches()) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, what + " '" + text + "' is not a duration: write whole"
          + " numbers with the units d, h, m or s, e.g. 30m, 1h, 7d or 1h30m");
    }
    long total = 0;
    Matcher m = PART.matcher(t);
    while (m.find()) {
      long unit = switch (m.group(2)) {
        case "d" -> 86_400;
        case "h" -> 3_600;
        case "m" -> 60;
        default -> 1;
      };
      total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(1)), unit));
    }
    if (total <= 0) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, what + " '" + text + "' must be longer than 0s");
    }
    return total;
  }
}
