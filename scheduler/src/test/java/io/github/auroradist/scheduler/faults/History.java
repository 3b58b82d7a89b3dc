package io.github.auroradist.scheduler.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything that happened in a fault loop, in the order it ended: the nemesis's faults and heals and every
 * client call with its outcome, with times in milliseconds since the loop started. Printed with the seed when the
 * loop fails, so that a run can be read and replayed.
 */
final class History {
  /**
   * One entry. {@code actor} is "nemesis" or "client-N"; {@code acknowledged} is true for a call the scheduler
   * answered 2xx; {@code clear} is false for an answer no client should ever get (a 500, an empty body, ...).
   */
  record Entry(long startMs, long endMs, String actor, String action, String outcome, boolean acknowledged,
      boolean clear) {
    @Override
    public String toString() {
      return String.format("%7d..%7d ms  %-9s %-60s -> %s%s", startMs, endMs, actor, action, outcome,
          clear ? "" : "   <== NOT A CLEAR ERROR");
    }
  }

  private final long startNanos = System.nanoTime();
  private final List<Entry> entries = new ArrayList<>();

  long now() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  synchronized Entry add(long startMs, String actor, String action, String outcome, boolean acknowledged,
      boolean clear) {
    Entry e = new Entry(startMs, now(), actor, action, outcome, acknowledged, clear);
    entries.add(e);
    return e;
  }

  /** A nemesis step, which has no acknowledgement. */
  void nemesis(long startMs, String action, String outcome) {
    add(startMs, "nemesis", action, outcome, false, true);
  }

  synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  @Override
  public synchronized String toString() {
    StringBuilder b = new StringBuilder();
    for (Entry e : entries) {
      b.append(e).append('\n');
    }
    return b.toString();
  }
}
