package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** Aurora's Thermos {@code Task}: the processes, their ordering and the task-wide limits. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskConfig(
    @JsonProperty("name") String name,
    @JsonProperty("processes") List<ProcessConfig> processes,
    @JsonProperty("constraints") List<OrderConstraint> constraints,
    @JsonProperty("resources") ResourcesConfig resources,
    @JsonProperty("max_failures") Integer maxFailures,
    @JsonProperty("max_concurrency") Integer maxConcurrency,
    @JsonProperty("finalization_wait") Integer finalizationWait) {

  public static final int DEFAULT_MAX_FAILURES = 1;
  public static final int DEFAULT_MAX_CONCURRENCY = 0;
  public static final int DEFAULT_FINALIZATION_WAIT_SECS = 30;

  public TaskConfig {
    processes = processes == null ? List.of() : List.copyOf(processes);
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    // Aurora names a task after its first process when no name is given.
    name = name != null ? name : processes.isEmpty() ? null : processes.get(0).name();
    maxFailures = maxFailures == null ? DEFAULT_MAX_FAILURES : maxFailures;
    maxConcurrency = maxConcurrency == null ? DEFAULT_MAX_CONCURRENCY : maxConcurrency;
    finalizationWait = finalizationWait == null ? DEFAULT_FINALIZATION_WAIT_SECS : finalizationWait;
  }

  public static TaskConfig of(String name, List<ProcessConfig> processes, List<OrderConstraint> constraints) {
    return new TaskConfig(name, processes, constraints, null, null, null, null);
  }

  public TaskConfig withMaxFailures(int value) {
    return new TaskConfig(name, processes, constraints, resources, value, maxConcurrency, finalizationWait);
  }

  public TaskConfig withMaxConcurrency(int value) {
    return new TaskConfig(name, processes, constraints, resources, maxFailures, value, finalizationWait);
  }

  public TaskConfig withFinalizationWait(int seconds) {
    return new TaskConfig(name, processes, constraints, resources, maxFailures, maxConcurrency, seconds);
  }

  public Optional<ProcessConfig> process(String processName) {
    return processes.stream().filter(p -> p.name().equals(processName)).findFirst();
  }
}
