package io.github.auroradist.scheduler.sla;

import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.scheduler.api.validation.Problem;
import java.net.URI;
import java.util.Optional;

/** Checks that an SLA policy is complete and sensible before the scheduler relies on it. */
public final class SlaPolicies {
  private SlaPolicies() {
  }

  /** What is wrong with {@code policy} (its fields under {@code field}), or empty when it is usable. */
  public static Optional<Problem> problem(String field, SlaPolicy policy) {
    if (policy == null) {
      return Optional.of(new Problem(field, "missing: give a COUNT, PERCENTAGE or COORDINATOR policy, e.g."
          + " {\"kind\": \"PERCENTAGE\", \"percentage\": 95, \"durationSecs\": 1800}"));
    }
    if (policy.kind() == null) {
      return Optional.of(new Problem(field + ".kind", "missing: COUNT, PERCENTAGE or COORDINATOR"));
    }
    return switch (policy.kind()) {
      case COUNT -> policy.count() == null || policy.count() < 1
          ? Optional.of(new Problem(field + ".count", "must be 1 or more (the instances that must stay RUNNING)"))
          : duration(field, policy);
      case PERCENTAGE -> policy.percentage() == null || policy.percentage() <= 0 || policy.percentage() > 100
          ? Optional.of(new Problem(field + ".percentage", "must be above 0 and at most 100"))
          : duration(field, policy);
      case COORDINATOR -> coordinatorUrl(field, policy.coordinatorUrl());
    };
  }

  private static Optional<Problem> duration(String field, SlaPolicy policy) {
    return policy.durationSecs() == null || policy.durationSecs() < 0
        ? Optional.of(new Problem(field + ".durationSecs", "must be 0 or more (how long an instance must be"
            + " RUNNING to count)"))
        : Optional.empty();
  }

  private static Optional<Problem> coordinatorUrl(String field, String url) {
    Problem bad = new Problem(field + ".coordinatorUrl", "must be an http:// or https:// URL of the coordinator"
        + (url == null || url.isBlank() ? "" : ", not " + url));
    if (url == null || url.isBlank()) {
      return Optional.of(bad);
    }
    try {
      URI uri = URI.create(url);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return http && uri.getHost() != null ? Optional.empty() : Optional.of(bad);
    } catch (IllegalArgumentException e) {
      return Optional.of(bad);
    }
  }
}
