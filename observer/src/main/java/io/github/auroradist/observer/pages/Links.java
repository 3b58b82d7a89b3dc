package io.github.auroradist.observer.pages;

import java.nio.charset.StandardCharsets;

/** The observer's links: paths built from segments, each percent-encoded so it stays one segment. */
public final class Links {
  private Links() {}

  /** Percent-encodes one path segment (everything but unreserved characters). */
  public static String segment(String segment) {
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
  public static String path(String... segments) {
    StringBuilder out = new StringBuilder();
    for (String s : segments) {
      out.append('/').append(segment(s));
    }
    return out.toString();
  }

  /** {@code /<kind>/<id>/<relative path>}: a sandbox page, every segment of the path encoded. */
  public static String sandbox(String kind, String id, String relative) {
    StringBuilder p = new StringBuilder(path(kind, id));
    if (!relative.isEmpty()) {
      for (String part : relative.split("/", -1)) {
        p.append('/').append(segment(part));
      }
    }
    return p.toString();
  }
}
