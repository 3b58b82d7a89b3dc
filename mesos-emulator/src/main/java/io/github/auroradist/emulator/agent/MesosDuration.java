package io.github.auroradist.emulator.agent;

import java.time.Duration;

/** Durations the way Mesos writes them in flags and executor variables: 15mins, 5secs, 500ms. */
final class MesosDuration {
  private MesosDuration() {}

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return (ms / 3_600_000) + "hrs";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return (ms / 60_000) + "mins";
    }
    if (ms % 1000 == 0) {
      return (ms / 1000) + "secs";
    }
    return ms + "ms";
  }
}
