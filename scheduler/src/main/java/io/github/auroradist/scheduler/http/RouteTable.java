package io.github.auroradist.scheduler.http;

import io.github.auroradist.http.Route;
import io.github.auroradist.http.Routes;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/** The scheduler's routes, each remembering on its request which template it served (for per-route metrics). */
final class RouteTable {
  private static final String TEMPLATE = RouteTable.class.getName() + ".template";

  private final Routes routes = new Routes();

  Routes routes() {
    return routes;
  }

  RouteTable get(String template, Route route) {
    return add("GET", template, route);
  }

  RouteTable post(String template, Route route) {
    return add("POST", template, route);
  }

  RouteTable put(String template, Route route) {
    return add("PUT", template, route);
  }

  RouteTable delete(String template, Route route) {
    return add("DELETE", template, route);
  }

  private RouteTable add(String method, String template, Route route) {
    routes.add(method, template, x -> {
      x.request().setAttribute(TEMPLATE, template);
      route.handle(x);
    });
    return this;
  }

  /** The template of the route that served the request, if one did. */
  static Optional<String> servedBy(Request request) {
    return Optional.ofNullable((String) request.getAttribute(TEMPLATE));
  }
}
