package io.github.auroradist.mesos.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter between reconnection attempts. Not thread-safe. */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private Duration current;

  public Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initial = initial;
    this.max = max;
    this.current = initial;
  }

  /** The next delay: a random value in [current/2, current], then current doubles up to max. */
  public Duration next() {
    long millis = current.toMillis();
    long delay = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
    Duration doubled = current.multipliedBy(2);
    current = doubled.compareTo(max) > 0 ? max : doubled;
    return Duration.ofMillis(delay);
  }

  /** Sleeps for the next delay; false when interrupted (the interrupt flag is left cleared). */
  public boolean pause() {
    try {
      Thread.sleep(next().toMillis());
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  public void reset() {
    current = initial;
  }
}
