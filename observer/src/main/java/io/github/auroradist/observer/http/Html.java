package io.github.auroradist.observer.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Escaping and small formatting helpers for the server-rendered pages. */
final class Html {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final String STYLE = """
      body{font-family:sans-serif;margin:1em 2em;color:#222}
      table{border-collapse:collapse;margin:.5em 0 1.5em}
      th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
      th{background:#eee}
      pre{background:#f6f6f6;border:1px solid #ddd;padding:.6em;overflow:auto;white-space:pre-wrap}
      nav a{margin-right:1em}
      .ACTIVE,.RUNNING,.SUCCESS{color:#070}.FAILED,.LOST,.UNREADABLE{color:#b00}.KILLED{color:#a60}
      .error{background:#fee;border:1px solid #b00;padding:.5em}
      .muted{color:#777}
      """;

  private Html() {}

  /** Escapes text for element content and double-quoted attribute values. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Percent-encodes one path segment (everything but unreserved characters). */
  static String seg(String segment) {
    StringBuilder out = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** A path built from segments, each encoded: {@code path("task", id)} is {@code /task/<id>}. */
  static String path(String... segments) {
    StringBuilder out = new StringBuilder();
    for (String s : segments) {
      out.append('/').append(seg(s));
    }
    return out.toString();
  }

  /** A link; {@code href} must already be a built path, the text is escaped. */
  static String a(String href, Object text) {
    return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
  }

  static String time(Long epochMs) {
    return epochMs == null || epochMs <= 0 ? "" : TIME.format(Instant.ofEpochMilli(epochMs));
  }

  static String duration(Long fromMs, Long toMs) {
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

  static String bytes(long n) {
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
    return String.format("%.1f %s", v, units[u]);
  }

  static String state(Object state) {
    return state == null ? "" : "<span class=\"" + esc(state) + "\">" + esc(state) + "</span>";
  }

  /** A whole page: title (escaped), navigation, then {@code body} (already HTML). */
  static String page(String host, String title, String body) {
    return page(host, title, body, 0);
  }

  /** A page that reloads itself every {@code refreshSecs} seconds (0: never), e.g. to follow a log. */
  static String page(String host, String title, String body, int refreshSecs) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + (refreshSecs > 0 ? "<meta http-equiv=\"refresh\" content=\"" + refreshSecs + "\">" : "")
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + esc(title) + " - Thermos observer</title><style>" + STYLE + "</style></head><body>"
        + "<nav><strong>Thermos observer on " + esc(host) + "</strong> "
        + a("/main/all", "All tasks") + a("/main/active", "Active") + a("/main/finished", "Finished")
        + a("/vars", "Vars") + "</nav>\n<h1>" + esc(title) + "</h1>\n" + body + "\n</body></html>\n";
  }
}
