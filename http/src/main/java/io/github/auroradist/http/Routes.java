package io.github.auroradist.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.RegexPathSpec;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.util.URIUtil;

/**
 * A route table: methods and path templates to {@link Route}s, kept in Jetty's {@link PathMappings}.
 *
 * <p>Templates are URI templates ({@code /api/jobs/{role}/{env}/{name}}: each variable one path
 * segment), and may end in a tail variable ({@code /browse/{id}/{path*}}) that takes the rest of the
 * path, slashes included, or nothing. Paths are matched still percent-encoded, and each variable is
 * decoded on its own afterwards (as a path, so a {@code +} stays a {@code +}): an encoded {@code /}
 * can never move a segment boundary, and Jetty refuses encoded {@code /} and {@code ..} with a 400
 * before any route sees them. Literal parts match literally, also characters URI templates reserve
 * (Mesos's {@code /slave(1)/state}); a {@code *} is only allowed as a tail variable's mark.
 */
public final class Routes {
  private static final Pattern TAIL = Pattern.compile("^(.*)/\\{(\\w+)\\*}$");
  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
  /** Characters Jetty's URI templates would copy into their regex unquoted. */
  private static final Pattern RESERVED = Pattern.compile("[:?#\\[\\]@!$&'()*+,;=]");

  /** A route found for a request, or the methods the path allows when the method matched none. */
  public record Match(Route route, Map<String, String> params, Set<String> allowed) {
    public boolean found() {
      return route != null;
    }
  }

  private record Methods(Map<String, Route> byMethod) {
  }

  private final PathMappings<Methods> mappings = new PathMappings<>();

  public Routes get(String template, Route route) {
    return add("GET", template, route);
  }

  public Routes post(String template, Route route) {
    return add("POST", template, route);
  }

  public Routes put(String template, Route route) {
    return add("PUT", template, route);
  }

  public Routes delete(String template, Route route) {
    return add("DELETE", template, route);
  }

  /** Adds a route; a template given twice for one method is a programming error. */
  public Routes add(String method, String template, Route route) {
    PathSpec spec = spec(template);
    Methods methods = mappings.get(spec);
    if (methods == null) {
      methods = new Methods(new LinkedHashMap<>());
      mappings.put(spec, methods);
    }
    if (methods.byMethod().putIfAbsent(method, route) != null) {
      throw new IllegalArgumentException(method + " " + template + " is routed twice");
    }
    return this;
  }

  /**
   * The route for a path as Jetty gives it ({@code Request.getPathInContext}: canonical, still
   * percent-encoded). A path with a trailing slash matches the template without one. HEAD
   * takes the GET route. Empty when no template matches the path.
   */
  public Optional<Match> match(String method, String path) {
    MatchedResource<Methods> matched = mappings.getMatched(path);
    String matchedPath = path;
    if (matched == null && path.length() > 1 && path.endsWith("/")) {
      matchedPath = path.substring(0, path.length() - 1);
      matched = mappings.getMatched(matchedPath);
    }
    if (matched == null) {
      return Optional.empty();
    }
    Map<String, Route> byMethod = matched.getResource().byMethod();
    Route route = byMethod.get(method);
    if (route == null && method.equals("HEAD")) {
      route = byMethod.get("GET");
    }
    Set<String> allowed = new TreeSet<>(byMethod.keySet());
    if (allowed.contains("GET")) {
      allowed.add("HEAD");
    }
    return Optional.of(new Match(route, params(matched.getPathSpec(), matchedPath), allowed));
  }

  private static PathSpec spec(String template) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("route template '" + template + "' must start with /");
    }
    Matcher tail = TAIL.matcher(template);
    String fixed = tail.matches() ? tail.group(1) : template;
    if (fixed.contains("*")) {
      throw new IllegalArgumentException("route template '" + template + "' has a '*' outside a tail variable"
          + " ({name*} at the end); templates match literally");
    }
    String literals = VARIABLE.matcher(fixed).replaceAll("");
    boolean reserved = RESERVED.matcher(literals).find();
    if (!tail.matches() && !reserved) {
      return new UriTemplatePathSpec(template);
    }
    if (!tail.matches() && !fixed.contains("{")) {
      return new ServletPathSpec(template); // exact, whatever its characters
    }
    StringBuilder regex = new StringBuilder("^");
    Matcher v = VARIABLE.matcher(fixed);
    int at = 0;
    while (v.find()) {
      regex.append(Pattern.quote(fixed.substring(at, v.start())));
      regex.append("(?<").append(v.group(1)).append(">[^/]+)");
      at = v.end();
    }
    regex.append(Pattern.quote(fixed.substring(at)));
    if (tail.matches()) {
      regex.append("(?:/(?<").append(tail.group(2)).append(">.*))?");
    }
    return new RegexPathSpec(regex.append("$").toString());
  }

  private static Map<String, String> params(PathSpec spec, String path) {
    if (spec instanceof UriTemplatePathSpec template) {
      Map<String, String> params = template.getPathParams(path);
      Map<String, String> decoded = new LinkedHashMap<>();
      if (params != null) {
        params.forEach((name, value) -> decoded.put(name, URIUtil.decodePath(value)));
      }
      return Map.copyOf(decoded);
    }
    if (spec instanceof RegexPathSpec regex) {
      Matcher m = regex.getPattern().matcher(path);
      if (!m.matches()) {
        return Map.of();
      }
      Map<String, String> params = new LinkedHashMap<>();
      Matcher names = Pattern.compile("\\(\\?<(\\w+)>").matcher(regex.getDeclaration());
      while (names.find()) {
        String value = m.group(names.group(1));
        params.put(names.group(1), value == null ? "" : URIUtil.decodePath(value));
      }
      return Map.copyOf(params);
    }
    return Map.of();
  }
}
