package io.github.auroradist.scheduler.faults;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold once the faults are healed and the cluster has settled, given what the clients were told: every
 * acknowledged write is there, no instance runs twice, every job runs its instances and nothing else runs.
 */
final class Invariants {
  private static final Set<String> ENDED_AS_BEFORE = Set.of("ROLLED_BACK", "ABORTED");

  private Invariants() {
  }

  /** Every way {@code state} breaks the invariants; empty when it holds them all. */
  static List<String> violations(ClusterState state, Map<String, JobModel> model) {
    List<String> out = new ArrayList<>();
    for (JobModel job : model.values()) {
      List<ClusterState.Task> active = state.active(job.name);
      switch (job.state) {
        case LIVE -> {
          if (!state.runsExactly(job.name, job.instances)) {
            out.add(job.name + ": created (acknowledged) with " + job.instances + " instances, but its active tasks"
                + " are " + active);
          }
          ClusterState.Job stored = state.jobs().get(job.name);
          Set<String> expected = expectedData(job, state);
          if (stored == null) {
            out.add(job.name + ": created (acknowledged) but the leader has no such job");
          } else if (!expected.contains(stored.data()) || stored.instances() != job.instances) {
            out.add(job.name + ": stored as " + stored + ", expected " + job.instances + " instances with data in "
                + expected + " (updates " + job.updates + ")");
          } else if (active.stream().anyMatch(t -> !t.data().equals(stored.data()))) {
            out.add(job.name + ": stored data " + stored.data() + " but tasks " + active);
          }
        }
        case KILLED -> {
          if (!active.isEmpty()) {
            out.add(job.name + ": kill acknowledged, but active tasks " + active);
          }
        }
        case UNSURE -> {
          if (!active.isEmpty() && !state.runsExactly(job.name, job.instances)) {
            out.add(job.name + ": create or kill unacknowledged, and its tasks settled on neither: " + active);
          }
        }
        default -> throw new IllegalStateException(job.state.toString());
      }
      for (JobModel.Update u : job.updates) {
        if (u.acknowledged() && !state.updates().containsKey(u.id())) {
          out.add(job.name + ": update " + u.id() + " to " + u.data() + " was acknowledged but the leader has no"
              + " such update");
        }
      }
    }
    for (String name : state.activeTasks().keySet()) {
      if (!model.containsKey(name)) {
        out.add(name + ": active tasks of a job no client created: " + state.active(name));
      }
    }
    state.updates().forEach((id, status) -> {
      if (ClusterState.ACTIVE_UPDATES.contains(status)) {
        out.add("update " + id + " is still " + status);
      }
    });
    state.runningTwiceInMesos().forEach((instance, ids) -> out.add(instance + " runs twice in Mesos: " + ids));
    if (!state.runningInMesos().equals(state.runningInScheduler())) {
      out.add("Mesos runs " + state.runningInMesos() + " but the scheduler has RUNNING "
          + state.runningInScheduler());
    }
    return out;
  }

  /**
   * The executor data the job may end with: the last acknowledged update that rolled forward (or the created
   * data), and that of every update sent after it whose answer never came.
   */
  static Set<String> expectedData(JobModel job, ClusterState state) {
    Set<String> expected = new LinkedHashSet<>(List.of("run-v0"));
    for (JobModel.Update u : job.updates) {
      if (!u.acknowledged()) {
        expected.add(u.data());
      } else if (!ENDED_AS_BEFORE.contains(state.updates().get(u.id()))) {
        // Rolled forward, or (if the update is lost, which is reported above) as asked.
        expected.clear();
        expected.add(u.data());
      }
    }
    return expected;
  }
}
