package io.github.auroradist.observer.http;

import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;

/** Numbers taken from a request's path or query, each refused with a 400 that names it. */
final class RequestValues {
  private RequestValues() {}

  /** A query parameter counting bytes ({@code offset}, {@code length}), or null when absent. */
  static Long bytes(Exchange x, String name) {
    String v = x.query(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("'" + name + "' must be a whole number of bytes, got '" + v + "'.");
    }
  }

  static int run(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("The run must be a number (0 for the first run), got '" + v + "'.");
    }
  }

  /** A paging value ({@code offset}, {@code num}), or {@code fallback} when the path has none. */
  static int count(String v, String name, int fallback) {
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("'" + name + "' must be a whole number, 0 or more, got '" + v + "'.");
    }
  }
}
