package io.github.auroradist.emulator.master;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkID;

/** The frameworks this master knows, and the last ones it removed (their ids may not subscribe again). */
final class FrameworkRegistry {
  private static final int MAX_COMPLETED_FRAMEWORKS = 50;

  private final String masterId;
  private final Map<String, Framework> active = new LinkedHashMap<>();
  private final Deque<Framework> completed = new ArrayDeque<>();
  private long seq;

  FrameworkRegistry(String masterId) {
    this.masterId = masterId;
  }

  /** The framework, or null when it is unknown or removed. */
  Framework get(String id) {
    return active.get(id);
  }

  boolean isActive(Framework fw) {
    return active.get(fw.id.getValue()) == fw;
  }

  Collection<Framework> active() {
    return Collections.unmodifiableCollection(active.values());
  }

  Collection<Framework> completed() {
    return Collections.unmodifiableCollection(completed);
  }

  boolean wasRemoved(String id) {
    return completed.stream().anyMatch(done -> done.id.getValue().equals(id));
  }

  FrameworkID newId() {
    return FrameworkID.newBuilder().setValue(masterId + "-" + String.format("%04d", seq++)).build();
  }

  void add(Framework fw) {
    active.put(fw.id.getValue(), fw);
  }

  /** Takes the framework out of the active ones; {@link #archive} keeps it among the completed. */
  void remove(Framework fw) {
    active.remove(fw.id.getValue());
  }

  void archive(Framework fw) {
    completed.addLast(fw);
    while (completed.size() > MAX_COMPLETED_FRAMEWORKS) {
      completed.pollFirst();
    }
  }
}
