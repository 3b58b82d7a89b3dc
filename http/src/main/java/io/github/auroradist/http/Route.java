package io.github.auroradist.http;

/** Answers one request that matched a route. */
@FunctionalInterface
public interface Route {
  void handle(Exchange exchange) throws Exception;
}
