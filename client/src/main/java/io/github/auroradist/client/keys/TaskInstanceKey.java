package io.github.auroradist.client.keys;

import io.github.auroradist.common.model.InstanceRanges;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;

/**
 * A job key with an optional instance selection: {@code cluster/role/env/name[/instances]},
 * where instances are a comma-separated list of numbers and ranges ({@code 0,2-5}), read by
 * {@link InstanceRanges} (so bounded, and never expanded while parsing). An empty selection
 * means every instance.
 */
public record TaskInstanceKey(AuroraJobKey job, InstanceRanges ranges) {
  private static final InstanceRanges ALL = new InstanceRanges(List.of());

  public TaskInstanceKey {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(ranges, "ranges");
  }

  /** Every instance of the job. */
  public static TaskInstanceKey all(AuroraJobKey job) {
    return new TaskInstanceKey(job, ALL);
  }

  /** These instances of the job (every one when {@code ids} is empty). */
  public static TaskInstanceKey of(AuroraJobKey job, Collection<Integer> ids) {
    return new TaskInstanceKey(job, InstanceRanges.of(ids));
  }

  /** True when no instances were named, meaning all of them. */
  public boolean allInstances() {
    return ranges.isEmpty();
  }

  /** The named instance ids in order, empty for all; at most {@value InstanceRanges#MAX_INSTANCE_ID} + 1. */
  public SortedSet<Integer> instances() {
    return ranges.toSortedSet();
  }

  /**
   * Parses {@code cluster/role/env/name} or {@code cluster/role/env/name/0,2-5}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static TaskInstanceKey parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a job key is required: CLUSTER/ROLE/ENV/NAME[/INSTANCES]");
    }
    String[] parts = text.split("/", -1);
    if (parts.length == 4) {
      return all(AuroraJobKey.parse(text));
    }
    if (parts.length != 5) {
      throw new IllegalArgumentException("'" + text + "' is not a job key: write"
          + " CLUSTER/ROLE/ENV/NAME or CLUSTER/ROLE/ENV/NAME/INSTANCES (for example"
          + " devcluster/www-data/devel/hello/0,2-5)");
    }
    AuroraJobKey job = AuroraJobKey.parse(String.join("/", parts[0], parts[1], parts[2], parts[3]));
    return new TaskInstanceKey(job, InstanceRanges.parse(parts[4]));
  }

  @Override
  public String toString() {
    return allInstances() ? job.toString() : job + "/" + ranges;
  }
}
