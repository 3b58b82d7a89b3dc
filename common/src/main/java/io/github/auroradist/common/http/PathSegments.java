package io.github.auroradist.common.http;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of one URL path segment, the one way every link and request path is built. Everything but
 * RFC 3986's unreserved characters is encoded, so a space is {@code %20} (in a path a {@code +} is a plus, not a
 * space, unlike in a query, which {@link java.net.URLEncoder} encodes) and a {@code /} stays inside its segment.
 */
public final class PathSegments {
  private PathSegments() {}

  /** {@code segment} as UTF-8, every byte but {@code A-Z a-z 0-9 - . _ ~} as {@code %XX}. */
  public static String encode(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
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

  /** A path of segments, each encoded: {@code path("task", id)} is {@code /task/<id>}. */
  public static String path(String... segments) {
    StringBuilder out = new StringBuilder();
    for (String s : segments) {
      out.append('/').append(encode(s));
    }
    return out.toString();
  }
}
