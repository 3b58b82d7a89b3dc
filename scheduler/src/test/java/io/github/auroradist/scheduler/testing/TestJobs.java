package io.github.auroradist.scheduler.testing;

/** Job requests for the scheduler's JSON API, as a client sends them. */
public final class TestJobs {
  private TestJobs() {
  }

  /**
   * A service job of small tasks with one named port ({@code http}); {@code extraTask} is added to its
   * {@code taskConfig}, starting with a comma ({@code , "tier": "preferred"}) or empty.
   */
  public static String job(String role, String env, String name, int instances, String extraTask) {
    return """
        {"key": {"role": "%s", "environment": "%s", "name": "%s"},
         "instanceCount": %d,
         "taskConfig": {
           "isService": true,
           "resources": {"cpu": 0.5, "ramMb": 64, "diskMb": 128, "namedPorts": ["http"]},
           "executorConfig": {"name": "AuroraExecutor", "data": "{\\"task\\": {\\"name\\": \\"hello\\"}}"}%s
         }}
        """.formatted(role, env, name, instances, extraTask);
  }

  public static String job(String role, String env, String name, int instances) {
    return job(role, env, name, instances, "");
  }
}
