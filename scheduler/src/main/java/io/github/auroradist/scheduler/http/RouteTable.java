package io.github.auroradist.scheduler.http;

import io.github.auroradist.http.Route;
import io.github.auroradist.http.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/** The scheduler's routes, each remembering on its request which template it served (for per-route metrics). */
final class RouteTable {
  private static final String TEMPLATE = RouteTable.class.getName() + ".template";

  /** One route: its method and path template. */
  record Endpoint(String method, String template) {
  }

  private final Routes routes = new Routes();
  private final List<Endpoint> endpoints = new ArrayList<>();

  Routes routes() {
    return routes;
  }

  /** Every route added, in order (the API fuzz test drives each). */
  List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
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
    endpoints.add(new Endpoint(method, template));
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
