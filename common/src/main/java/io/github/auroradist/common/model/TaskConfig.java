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
    ExecutorConfig executorConfig,
    SlaPolicy slaPolicy,
    PartitionPolicy partitionPolicy,
    Container container) {

  public TaskConfig {
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    metadata = metadata == null ? List.of() : List.copyOf(metadata);
  }

  /** A task without an SLA policy of its own (the cluster's default applies) and Aurora's partition default. */
  public TaskConfig(JobKey job, Identity owner, Resources resources, List<Constraint> constraints, boolean isService,
      boolean production, int priority, String tier, int maxTaskFailures, String contactEmail, List<Metadata> metadata,
      ExecutorConfig executorConfig) {
    this(job, owner, resources, constraints, isService, production, priority, tier, maxTaskFailures, contactEmail,
        metadata, executorConfig, null, null, null);
  }

  /** A task on the agent's host file system (no container); JSON written before containers loads as this. */
  public TaskConfig(JobKey job, Identity owner, Resources resources, List<Constraint> constraints, boolean isService,
      boolean production, int priority, String tier, int maxTaskFailures, String contactEmail, List<Metadata> metadata,
      ExecutorConfig executorConfig, SlaPolicy slaPolicy, PartitionPolicy partitionPolicy) {
    this(job, owner, resources, constraints, isService, production, priority, tier, maxTaskFailures, contactEmail,
        metadata, executorConfig, slaPolicy, partitionPolicy, null);
  }

  public TaskConfig withJob(JobKey newJob) {
    return new TaskConfig(newJob, owner, resources, constraints, isService, production, priority, tier,
        maxTaskFailures, contactEmail, metadata, executorConfig, slaPolicy, partitionPolicy, container);
  }

  public TaskConfig withPolicies(SlaPolicy sla, PartitionPolicy partition) {
    return new TaskConfig(job, owner, resources, constraints, isService, production, priority, tier,
        maxTaskFailures, contactEmail, metadata, executorConfig, sla, partition, container);
  }

  public TaskConfig withContainer(Container newContainer) {
    return new TaskConfig(job, owner, resources, constraints, isService, production, priority, tier,
        maxTaskFailures, contactEmail, metadata, executorConfig, slaPolicy, partitionPolicy, newContainer);
  }

  /** The partition policy in force: the job's own, or Aurora's default. */
  public PartitionPolicy partitionPolicyOrDefault() {
    return partitionPolicy == null ? PartitionPolicy.DEFAULT : partitionPolicy;
  }
}
