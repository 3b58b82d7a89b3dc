package io.github.auroradist.observer.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;

/**
 * What the task's configuration asked for ({@code task.resources} of the bound config in the
 * checkpoint header); each value null when the configuration does not say.
 */
public record AllocatedResources(Double cpu, Long ramBytes, Long diskBytes) {
  public static AllocatedResources of(TaskCheckpoint checkpoint) {
    JsonNode config = Checkpoints.configTree(checkpoint.header());
    JsonNode r = config == null ? null : config.path("task").path("resources");
    if (r == null || !r.isObject()) {
      return new AllocatedResources(null, null, null);
    }
    return new AllocatedResources(r.hasNonNull("cpu") ? r.get("cpu").asDouble() : null,
        r.hasNonNull("ram") ? r.get("ram").asLong() : null, r.hasNonNull("disk") ? r.get("disk").asLong() : null);
  }
}
