package io.github.auroradist.observer.pages;

import io.github.auroradist.common.http.PathSegments;

/** The observer's links: paths built from segments, each percent-encoded so it stays one segment. */
public final class Links {
  private Links() {}

  /** A path built from segments, each encoded: {@code path("task", id)} is {@code /task/<id>}. */
  public static String path(String... segments) {
    return PathSegments.path(segments);
  }

  /** {@code /<kind>/<id>/<relative path>}: a sandbox page, every segment of the path encoded. */
  public static String sandbox(String kind, String id, String relative) {
    StringBuilder p = new StringBuilder(path(kind, id));
    if (!relative.isEmpty()) {
      for (String part : relative.split("/", -1)) {
        p.append('/').append(PathSegments.encode(part));
      }
    }
    return p.toString();
  }
}
