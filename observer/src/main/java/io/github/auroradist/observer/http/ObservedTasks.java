package io.github.auroradist.observer.http;

import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.observer.discovery.ObservedTask;
import io.github.auroradist.observer.discovery.Snapshot;
import io.github.auroradist.observer.discovery.TaskDiscovery;
import io.github.auroradist.observer.resources.ResourceSampler;
import io.github.auroradist.observer.resources.ResourceUsage;
import java.util.List;

/** The tasks of the latest scan as the pages look them up; what is not there is a 404 that says why. */
final class ObservedTasks {
  private final TaskDiscovery discovery;
  private final ResourceSampler sampler;

  ObservedTasks(TaskDiscovery discovery, ResourceSampler sampler) {
    this.discovery = discovery;
    this.sampler = sampler;
  }

  Snapshot snapshot() {
    return discovery.snapshot();
  }

  ObservedTask task(String id) {
    return snapshot().task(id).orElseThrow(() -> HttpError.notFound("No task '" + id
        + "' on this worker. It may not have started yet (the observer rescans every few seconds)"
        + " or its sandbox was garbage collected."));
  }

  /** Sampled when a page asks (not every scan): only viewed tasks cost /proc reads and a sandbox walk. */
  ResourceUsage usage(ObservedTask t) {
    return t.checkpoint() == null ? null : sampler.sample(t.checkpoint(), t.location().sandbox());
  }

  /** One of Aurora's task lists: {@code all}, {@code active} or {@code finished}. */
  static List<ObservedTask> list(Snapshot snap, String which) {
    return switch (which) {
      case "all" -> List.copyOf(snap.tasks().values());
      case "active" -> snap.withStatus(ObservedTask.Status.ACTIVE);
      case "finished" -> snap.withStatus(ObservedTask.Status.FINISHED);
      default -> throw HttpError.notFound("No task list '" + which + "'; use all, active or finished.");
    };
  }

  static List<ProcessRun> runs(ObservedTask t, String process) {
    if (t.checkpoint() == null) {
      throw HttpError.notFound("The checkpoint of task " + t.taskId() + " cannot be read: " + t.error());
    }
    return t.runs(process).orElseThrow(() -> HttpError.notFound("Task " + t.taskId() + " has no process '"
        + process + "'; it has " + String.join(", ", t.checkpoint().processes().keySet()) + "."));
  }

  /** The run numbered {@code run} (from 0, as in the checkpoint) of a process. */
  static ProcessRun run(ObservedTask t, String process, String run) {
    List<ProcessRun> runs = runs(t, process);
    int n = RequestValues.run(run);
    if (n < 0 || n >= runs.size()) {
      throw HttpError.notFound("Process '" + process + "' has " + runs.size() + " run(s); there is no run " + run
          + ".");
    }
    return runs.get(n);
  }
}
