package io.github.auroradist.client.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's {@code update_config} (Pystachio JSON, snake_case) as the scheduler's {@link JobUpdateSettings}, and
 * the checks Aurora's client makes before it starts an update.
 */
final class UpdateConfigs {
  /** Aurora's floor for a coordinated update's pulse interval. */
  static final int MIN_PULSE_INTERVAL_SECS = 60;

  private UpdateConfigs() {}

  /**
   * The settings {@code u} asks for, for every instance. Never fails: {@link #problems} says what is wrong.
   * An explicit {@code update_strategy} decides the group size and whether groups are waited for; without one,
   * {@code wait_for_batch_completion} means batches of {@code batch_size}, otherwise a queue of it (Aurora's rule
   * from before strategies existed).
   */
  static JobUpdateSettings settings(JsonNode u) {
    int batchSize = u.path("batch_size").asInt(1);
    boolean waitForBatch = u.path("wait_for_batch_completion").asBoolean(false);
    JobUpdateStrategy strategy = strategy(u.get("update_strategy"));
    if (strategy == null) {
      JobUpdateStrategy.Kind kind = waitForBatch ? JobUpdateStrategy.Kind.BATCH : JobUpdateStrategy.Kind.QUEUE;
      strategy = new JobUpdateStrategy(kind, List.of(batchSize), false);
    } else {
      batchSize = strategy.groupSizes().isEmpty() ? batchSize : strategy.groupSizes().get(0);
      waitForBatch = strategy.kind() != JobUpdateStrategy.Kind.QUEUE;
    }
    Long pulseMs = u.hasNonNull("pulse_interval_secs") ? u.get("pulse_interval_secs").asLong() * 1000L : null;
    int watchMs = (int) Math.min(Integer.MAX_VALUE, u.path("watch_secs").asInt(45) * 1000L);
    return new JobUpdateSettings(batchSize, u.path("max_per_shard_failures").asInt(0),
        u.path("max_total_failures").asInt(0), watchMs,
        u.path("rollback_on_failure").asBoolean(true), null, waitForBatch, pulseMs,
        u.path("sla_aware").asBoolean(false), strategy);
  }

  /** The strategy the file names, or null when it names none. */
  private static JobUpdateStrategy strategy(JsonNode s) {
    if (s == null || !s.isObject()) {
      return null;
    }
    boolean autopause = s.path("autopause_after_batch").asBoolean(false);
    if (s.has("batch_sizes")) {
      List<Integer> sizes = new ArrayList<>();
      s.path("batch_sizes").forEach(n -> sizes.add(n.asInt()));
      return new JobUpdateStrategy(JobUpdateStrategy.Kind.VARIABLE_BATCH, sizes, autopause);
    }
    // Only BatchUpdateStrategy has autopause_after_batch besides the variable one.
    return s.has("autopause_after_batch")
        ? new JobUpdateStrategy(JobUpdateStrategy.Kind.BATCH, List.of(s.path("batch_size").asInt(1)), autopause)
        : new JobUpdateStrategy(JobUpdateStrategy.Kind.QUEUE, List.of(s.path("batch_size").asInt(1)), false);
  }

  /** What the scheduler could not run, or Aurora refuses as ambiguous, each naming the field and the fix. */
  static List<String> problems(JsonNode u) {
    List<String> out = new ArrayList<>();
    int batchSize = u.path("batch_size").asInt(1);
    if (batchSize < 1) {
      out.add("update_config.batch_size must be at least 1, not " + batchSize);
    }
    int watchSecs = u.path("watch_secs").asInt(45);
    if (watchSecs < 0) {
      out.add("update_config.watch_secs must be 0 or more, not " + watchSecs);
    } else if (watchSecs > Integer.MAX_VALUE / 1000) {
      out.add("update_config.watch_secs must be at most " + Integer.MAX_VALUE / 1000 + ", not " + watchSecs);
    }
    for (String field : new String[] {"max_per_shard_failures", "max_total_failures"}) {
      int value = u.path(field).asInt(0);
      if (value < 0) {
        out.add("update_config." + field + " must be 0 or more, not " + value);
      }
    }
    if (u.hasNonNull("pulse_interval_secs") && u.get("pulse_interval_secs").asLong() < MIN_PULSE_INTERVAL_SECS) {
      out.add("update_config.pulse_interval_secs must be at least " + MIN_PULSE_INTERVAL_SECS + " seconds, not "
          + u.get("pulse_interval_secs").asLong() + " (leave it unset for an update that needs no pulses)");
    }
    JobUpdateStrategy strategy = strategy(u.get("update_strategy"));
    if (strategy == null) {
      return out;
    }
    if (u.path("wait_for_batch_completion").asBoolean(false)) {
      out.add("update_config is ambiguous: wait_for_batch_completion cannot be combined with update_strategy;"
          + " use BatchUpdateStrategy(...) for batches that are waited for, and drop wait_for_batch_completion");
    }
    if (batchSize > 1) {
      out.add("update_config is ambiguous: batch_size cannot be combined with update_strategy; set the batch size"
          + " inside the strategy instead, e.g. update_strategy = QueueUpdateStrategy(batch_size = " + batchSize + ")");
    }
    if (strategy.kind() == JobUpdateStrategy.Kind.VARIABLE_BATCH && strategy.groupSizes().isEmpty()) {
      out.add("update_config.update_strategy.batch_sizes must list at least one size, e.g. [1, 2, 5]");
    }
    for (int size : strategy.groupSizes()) {
      if (size < 1) {
        out.add("update_config.update_strategy." + (strategy.kind() == JobUpdateStrategy.Kind.VARIABLE_BATCH
            ? "batch_sizes" : "batch_size") + " must be at least 1, not " + size);
        break;
      }
    }
    return out;
  }
}
