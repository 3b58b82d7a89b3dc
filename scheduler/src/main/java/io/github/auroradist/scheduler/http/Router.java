package io.github.auroradist.scheduler.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Matches {@code METHOD /a/{x}/b} routes against request paths; {@code {x}} captures one segment. */
final class Router {
  @FunctionalInterface
  interface Route {
    void handle(HttpExchange exchange) throws Exception;
  }

  private record Entry(String method, String[] segments, Route route) {
  }

  /** The route for a request, or why there is none. */
  record Match(Route route, List<String> params, boolean methodMismatch) {
  }

  private final List<Entry> entries = new ArrayList<>();

  Router add(String method, String pattern, Route route) {
    entries.add(new Entry(method, split(pattern), route));
    return this;
  }

  Match match(String method, String path) {
    String[] parts = split(path);
    boolean pathMatched = false;
    for (Entry e : entries) {
      List<String> params = matchSegments(e.segments(), parts);
      if (params != null) {
        if (e.method().equals(method) || (method.equals("HEAD") && e.method().equals("GET"))) {
          return new Match(e.route(), params, false);
        }
        pathMatched = true;
      }
    }
    return new Match(null, List.of(), pathMatched);
  }

  private static List<String> matchSegments(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return null;
    }
    List<String> params = new ArrayList<>();
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith("{")) {
        params.add(URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
      } else if (!pattern[i].equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
