package io.github.auroradist.scheduler.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateAction;
import io.github.auroradist.common.model.update.JobUpdateStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The batching strategies over many plans, strategies and orders in which instances finish: an update never works
 * on more instances at once than its group allows, BATCH never starts a group before the last one is done, and every
 * instance is reached.
 */
class UpdateGroupsTest {
  @Test
  void neverMoreInstancesWorkingThanTheGroupAllowsAndEveryInstanceIsReached() {
    Random random = new Random(13);
    for (int run = 0; run < 2_000; run++) {
      int instances = 1 + random.nextInt(20);
      JobUpdateStrategy strategy = randomStrategy(random);
      List<Integer> order = IntStream.range(0, instances).map(i -> instances - 1 - i).boxed().toList();
      List<JobInstanceUpdateEvent> events = new ArrayList<>();
      List<List<Integer>> groups = UpdateGroups.groups(order, strategy);
      for (int step = 0; step < 10 * instances + 10; step++) {
        UpdateProgress progress = new UpdateProgress(events, UpdateProgress.Direction.FORWARD);
        for (int i : UpdateGroups.toStart(order, progress, strategy)) {
          events.add(new JobInstanceUpdateEvent(i, step, JobUpdateAction.INSTANCE_UPDATING));
        }
        List<Integer> working = order.stream().filter(i -> progress(events, i) == UpdateProgress.State.WORKING)
            .toList();
        assertThat(working.size()).as(strategy + " over " + instances).isLessThanOrEqualTo(allowed(strategy,
            groups, working));
        // Some of the working instances finish, in any order.
        for (int i : working) {
          if (random.nextInt(3) == 0) {
            events.add(new JobInstanceUpdateEvent(i, step, random.nextInt(5) == 0
                ? JobUpdateAction.INSTANCE_UPDATE_FAILED : JobUpdateAction.INSTANCE_UPDATED));
          }
        }
      }
      UpdateProgress end = new UpdateProgress(events, UpdateProgress.Direction.FORWARD);
      assertThat(order).as(strategy + " over " + instances).allMatch(end::finished);
    }
  }

  @Test
  void variableBatchesUseEachSizeThenRepeatTheLast() {
    JobUpdateStrategy strategy = new JobUpdateStrategy(JobUpdateStrategy.Kind.VARIABLE_BATCH, List.of(1, 3, 2),
        false);
    assertThat(UpdateGroups.groups(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), strategy))
        .containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5), List.of(6, 7), List.of(8));
  }

  private static UpdateProgress.State progress(List<JobInstanceUpdateEvent> events, int instance) {
    return new UpdateProgress(events, UpdateProgress.Direction.FORWARD).state(instance);
  }

  /** QUEUE: its size; the batch strategies: the size of the one group the working instances must all be in. */
  private static int allowed(JobUpdateStrategy strategy, List<List<Integer>> groups, List<Integer> working) {
    if (strategy.kind() == JobUpdateStrategy.Kind.QUEUE) {
      return strategy.groupSizes().get(0);
    }
    if (working.isEmpty()) {
      return 0;
    }
    List<Integer> group = groups.stream().filter(g -> g.contains(working.get(0))).findFirst().orElseThrow();
    assertThat(group).as("working instances in one group").containsAll(working);
    return group.size();
  }

  private static JobUpdateStrategy randomStrategy(Random random) {
    JobUpdateStrategy.Kind kind = List.of(JobUpdateStrategy.Kind.QUEUE, JobUpdateStrategy.Kind.BATCH,
        JobUpdateStrategy.Kind.VARIABLE_BATCH).get(random.nextInt(3));
    int sizes = kind == JobUpdateStrategy.Kind.VARIABLE_BATCH ? 1 + random.nextInt(4) : 1;
    List<Integer> groupSizes = IntStream.range(0, sizes).map(i -> 1 + random.nextInt(5)).boxed().toList();
    return new JobUpdateStrategy(kind, groupSizes, false);
  }
}
