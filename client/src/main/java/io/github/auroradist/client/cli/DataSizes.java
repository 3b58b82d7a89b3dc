package io.github.auroradist.client.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes on aurora-admin's command line as Aurora's {@code parse_data} reads them: a whole number and a unit letter
 * B, K, M, G or T, case-insensitive, optionally followed by B ({@code 10m}, {@code 512M}, {@code 2g}, {@code 1T},
 * {@code 8GB}); units are 1024-based.
 */
final class DataSizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([bkmgt])b?", Pattern.CASE_INSENSITIVE);

  private DataSizes() {}

  /** The size in whole mebibytes (rounded up: a quota never shrinks below what was asked). */
  static long megabytes(String text, String what) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, what + " '" + text + "' is not a size: write a whole"
          + " number and a unit B, K, M, G or T (case-insensitive, optionally followed by B), e.g. 10m, 512M, 2g,"
          + " 1T or 8GB");
    }
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "b" -> 0;
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      default -> 40;
    };
    try {
      long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
      return (bytes + (1L << 20) - 1) >> 20;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, what + " '" + text + "' is too large", e);
    }
  }
}
