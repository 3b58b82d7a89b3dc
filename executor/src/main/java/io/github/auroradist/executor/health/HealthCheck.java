package io.github.auroradist.executor.health;

/** One probe of a task's health. */
public interface HealthCheck {
  /** Whether the probe passed, and when it did not, why. */
  record Result(boolean healthy, String reason) {
    public static Result ok() {
      return new Result(true, null);
    }

    public static Result failed(String reason) {
      return new Result(false, reason);
    }
  }

  Result check();
}
