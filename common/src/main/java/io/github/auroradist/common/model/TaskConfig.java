package io.github.auroradist.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The description of one task of a job; every instance of the job shares it. */
public record TaskConfig(
    JobKey job,
    Identity owner,
    Resources resources,
    List<Constraint> constraints,
    @JsonProperty("isService") boolean isService,
    boolean production,
    int priority,
    String tier,
    int maxTaskFailures,
    String contactEmail,
    List<Metadata> metadata,
    ExecutorConfig executorConfig) {

  public TaskConfig {
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    metadata = metadata == null ? List.of() : List.copyOf(metadata);
  }

  public TaskConfig withJob(JobKey newJob) {
    return new TaskConfig(newJob, owner, resources, constraints, isService, production, priority, tier,
        maxTaskFailures, contactEmail, metadata, executorConfig);
  }
}
