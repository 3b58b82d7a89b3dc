package io.github.auroradist.common.model.update;

import java.util.List;

/** An update with its whole history, oldest event first. */
public record JobUpdateDetails(JobUpdate update, List<JobUpdateEvent> updateEvents,
    List<JobInstanceUpdateEvent> instanceEvents) {
  public JobUpdateDetails {
    updateEvents = updateEvents == null ? List.of() : List.copyOf(updateEvents);
    instanceEvents = instanceEvents == null ? List.of() : List.copyOf(instanceEvents);
  }
}
