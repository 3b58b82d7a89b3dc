package io.github.auroradist.common.model.update;

import java.util.List;

/**
 * How instances are grouped: {@code QUEUE} keeps {@code groupSizes[0]} instances updating at once and
 * starts the next as soon as one is done; {@code BATCH} updates groups of {@code groupSizes[0]} and waits for
 * each whole group; {@code VARIABLE_BATCH} uses the sizes in order, the last for every later group.
 * {@code autopauseAfterBatch} pauses the update after each group (BATCH and VARIABLE_BATCH only).
 */
public record JobUpdateStrategy(Kind kind, List<Integer> groupSizes, boolean autopauseAfterBatch) {
  public enum Kind { QUEUE, BATCH, VARIABLE_BATCH }

  public JobUpdateStrategy {
    groupSizes = groupSizes == null ? List.of() : List.copyOf(groupSizes);
  }
}
