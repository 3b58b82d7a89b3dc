package io.github.auroradist.executor.runner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Every process tree a task's runs started, and how they end: SIGTERM, a wait, then SIGKILL, or
 * SIGKILL at once. Trees are observed now and then so members that leave a tree (daemons that
 * double-fork and call setsid) are still reached. Safe to use from any thread.
 */
final class ProcessTrees {
  private static final long OBSERVE_EVERY_MS = 1000;
  private static final long POLL_MS = 50;

  private final List<ProcessTree> trees = new CopyOnWriteArrayList<>();
  private volatile long lastObserved;

  void add(ProcessTree tree) {
    trees.add(tree);
  }

  /** The trees added so far, oldest first. */
  List<ProcessTree> all() {
    return List.copyOf(trees);
  }

  /** The trees added after the first {@code count}. */
  List<ProcessTree> since(int count) {
    return List.copyOf(trees.subList(count, trees.size()));
  }

  int count() {
    return trees.size();
  }

  /** Records the trees' current members, at most once a second. */
  void observe() {
    long now = System.currentTimeMillis();
    if (now - lastObserved < OBSERVE_EVERY_MS || trees.isEmpty()) {
      return;
    }
    lastObserved = now;
    ProcTable table = ProcTable.read();
    for (ProcessTree tree : trees) {
      tree.observe(table);
    }
  }

  /**
   * SIGTERMs every member of {@code targets}, waits until they are gone or {@code untilMs}, then
   * SIGKILLs what is left. While {@code force} holds, SIGKILL goes out at once and nothing waits.
   */
  void terminate(List<ProcessTree> targets, long untilMs, BooleanSupplier force) {
    ProcTable table = ProcTable.read();
    int signalled = 0;
    for (ProcessTree tree : targets) {
      signalled += tree.signal(table, force.getAsBoolean());
    }
    if (signalled == 0) {
      return;
    }
    while (!force.getAsBoolean() && System.currentTimeMillis() < untilMs && anyAlive(targets)) {
      sleep(POLL_MS);
    }
    kill(targets);
  }

  /** SIGKILLs every member of {@code targets} now. */
  void kill(List<ProcessTree> targets) {
    ProcTable table = ProcTable.read();
    for (ProcessTree tree : targets) {
      tree.signal(table, true);
    }
  }

  /** SIGKILLs every member of every tree now. */
  void killAll() {
    kill(trees);
  }

  private static boolean anyAlive(List<ProcessTree> targets) {
    ProcTable table = ProcTable.read();
    for (ProcessTree tree : targets) {
      if (!tree.alive(table).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
