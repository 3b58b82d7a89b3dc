package io.github.auroradist.common.model.update;

import java.util.List;

/**
 * What an update to a proposed configuration would do to a job's instances: the instances it would add,
 * remove, replace (their configuration differs) and leave alone, each group with its configuration (the
 * current one for {@code remove} and {@code unchanged}, the proposed one for {@code add} and
 * {@code update}).
 */
public record JobUpdateDiff(List<InstanceTaskConfig> add, List<InstanceTaskConfig> remove,
    List<InstanceTaskConfig> update, List<InstanceTaskConfig> unchanged) {
  public JobUpdateDiff {
    add = add == null ? List.of() : List.copyOf(add);
    remove = remove == null ? List.of() : List.copyOf(remove);
    update = update == null ? List.of() : List.copyOf(update);
    unchanged = unchanged == null ? List.of() : List.copyOf(unchanged);
  }
}
