package io.github.auroradist.scheduler.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * What one client knows of one job it owns: what it asked for and what the scheduler acknowledged. Only its owner
 * thread writes it while the load runs; the checks read it afterwards.
 */
final class JobModel {
  /** Where the job stands for its client. UNSURE: a create or kill went unacknowledged; either outcome is fine. */
  enum State { LIVE, KILLED, UNSURE }

  /** An update the client started: its executor data, and the update's id when the scheduler acknowledged it. */
  record Update(String data, String id) {
    boolean acknowledged() {
      return id != null;
    }
  }

  final String name;
  final int instances;
  State state;
  /** True once a kill was sent (acknowledged or not): after it the job may be gone. */
  boolean killSent;
  final List<Update> updates = new ArrayList<>();

  JobModel(String name, int instances, State state) {
    this.name = name;
    this.instances = instances;
    this.state = state;
  }

  /** The executor data the next update proposes. */
  String nextData() {
    return "run-v" + (updates.size() + 1);
  }

  @Override
  public String toString() {
    return name + " (" + instances + " instances, " + state + ", updates " + updates + ")";
  }
}
