package io.github.auroradist.scheduler.testing;

/**
 * What a scheduler's JSON API shows of its stored jobs and tasks: the same before and after a restart, failover or
 * restore that lost nothing.
 */
public record StoredState(String jobs, String tasks) {
  public static StoredState of(Http http) {
    return new StoredState(http.get("/api/jobs").body(), http.get("/api/tasks").body());
  }
}
