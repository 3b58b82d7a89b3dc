package io.github.auroradist.common.thermos.checkpoint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * One line of a task's checkpoint file. See docs/checkpoints.md for the format; fields are only
 * ever added, and readers ignore fields they do not know. The executor writes them with {@link CheckpointCodec}
 * (no jackson-databind); these annotations give databind, which the observer reads them with, the same format.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CheckpointRecord.Header.class, name = "header"),
    @JsonSubTypes.Type(value = CheckpointRecord.TaskStatus.class, name = "task_status"),
    @JsonSubTypes.Type(value = CheckpointRecord.ProcessStatus.class, name = "process_status")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface CheckpointRecord {

  /**
   * The first record: what the task is and where it runs. {@code config} is the bound Thermos configuration as
   * plain JSON values (see {@code JsonTrees}): objects, lists, strings, numbers, booleans and nulls.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Header(
      @JsonProperty("version") int version,
      @JsonProperty("task_id") String taskId,
      @JsonProperty("launch_time_ms") long launchTimeMs,
      @JsonProperty("hostname") String hostname,
      @JsonProperty("user") String user,
      @JsonProperty("role") String role,
      @JsonProperty("environment") String environment,
      @JsonProperty("job_name") String jobName,
      @JsonProperty("instance") Integer instance,
      @JsonProperty("sandbox") String sandbox,
      @JsonProperty("log_dir") String logDir,
      @JsonProperty("ports") Map<String, Integer> ports,
      @JsonProperty("executor_pid") Long executorPid,
      @JsonProperty("config") Map<String, Object> config) implements CheckpointRecord {
    public Header {
      ports = ports == null ? Map.of() : Map.copyOf(ports);
    }
  }

  /** The task moved to {@code state}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TaskStatus(
      @JsonProperty("state") TaskState state,
      @JsonProperty("time_ms") long timeMs,
      @JsonProperty("message") String message) implements CheckpointRecord {}

  /**
   * Run {@code run} (0-based) of {@code process} moved to {@code state}. Times are epoch
   * milliseconds; a field that does not apply to the state is left out.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ProcessStatus(
      @JsonProperty("process") String process,
      @JsonProperty("run") int run,
      @JsonProperty("state") ProcessState state,
      @JsonProperty("time_ms") long timeMs,
      @JsonProperty("pid") Long pid,
      @JsonProperty("return_code") Integer returnCode,
      @JsonProperty("message") String message) implements CheckpointRecord {}
}
