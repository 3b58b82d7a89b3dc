package io.github.auroradist.scheduler.http;

import io.github.auroradist.scheduler.stats.Stats;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Pages about this process rather than the cluster: every scheduler answers these itself, leader or not. */
final class ProcessRoutes {
  /** The paths below; a follower never redirects them to the leader. */
  static final Set<String> PATHS = Set.of("/health", "/leaderhealth", "/vars", "/vars.json",
      "/metrics");

  private final Stats stats;
  private final Leadership leadership;
  private final Supplier<Optional<String>> unhealthyReason;

  ProcessRoutes(Stats stats, Leadership leadership, Supplier<Optional<String>> unhealthyReason) {
    this.stats = stats;
    this.leadership = leadership;
    this.unhealthyReason = unhealthyReason;
  }

  void addTo(RouteTable routes) {
    routes
        .get("/health", x -> {
          Optional<String> unhealthy = unhealthyReason.get();
          x.text(unhealthy.isPresent() ? 503 : 200, unhealthy.orElse("OK") + "\n");
        })
        .get("/leaderhealth", x -> {
          if (leadership.isLeader().getAsBoolean()) {
            x.text(200, "OK\n");
          } else if (leadership.leaderKnown().getAsBoolean()) {
            x.text(503, "not the leader\n");
          } else {
            x.text(502, "no leader elected\n");
          }
        })
        .get("/vars", x -> {
          StringBuilder out = new StringBuilder();
          stats.buildInfo().forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
          stats.values().forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
          x.text(200, out.toString());
        })
        .get("/vars.json", x -> {
          Map<String, Object> all = new TreeMap<>(stats.values());
          all.putAll(stats.buildInfo());
          JsonBodies.reply(x, 200, all);
        })
        .get("/metrics", x -> x.send(200, "text/plain; version=0.0.4; charset=utf-8", stats.prometheus()));
  }
}
