package io.github.auroradist.executor.runner;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes one run of a Thermos process started. The run's shell leads its own session; every
 * process seen in the tree (by parent or session) is remembered, so a member that later escapes
 * the tree (a daemon that double-forks and calls setsid itself) is still signalled.
 */
final class ProcessTree {
  /** The variable every run carries in its environment, with a value unique to the run. */
  static final String MARKER = "THERMOS_RUN_MARKER";

  private final long rootPid;
  private final String marker;
  private final Set<ProcTable.Key> seen = ConcurrentHashMap.newKeySet();

  ProcessTree(long rootPid, String marker) {
    this.rootPid = rootPid;
    this.marker = marker;
    ProcTable.readOne(rootPid).ifPresent(e -> seen.add(e.key()));
  }

  long rootPid() {
    return rootPid;
  }

  /** Remembers the current members; call it now and then while the run is alive. */
  void observe(ProcTable table) {
    Set<Long> roots = new HashSet<>();
    roots.add(rootPid);
    for (ProcTable.Key k : seen) {
      if (table.isAlive(k)) {
        roots.add(k.pid());
      }
    }
    for (ProcTable.Entry e : table.treeOf(roots)) {
      seen.add(e.key());
    }
  }

  /** Live members, after observing the table once more. */
  List<ProcTable.Key> alive(ProcTable table) {
    observe(table);
    return seen.stream().filter(table::isAlive).toList();
  }

  /** Sends SIGTERM (or SIGKILL when {@code force}) to every live member; returns how many. */
  int signal(ProcTable table, boolean force) {
    for (ProcTable.Entry e : table.withEnvironmentMarker(MARKER, marker)) {
      seen.add(e.key());
    }
    int count = 0;
    for (ProcTable.Key key : alive(table)) {
      var handle = ProcessHandle.of(key.pid());
      if (handle.isPresent() && handle.get().pid() != ProcessHandle.current().pid()) {
        boolean sent = force ? handle.get().destroyForcibly() : handle.get().destroy();
        if (sent) {
          count++;
        }
      }
    }
    return count;
  }
}
