package io.github.auroradist.scheduler.offers;

/**
 * Why a task may not go into an offer. Placement meets thousands of refusals a round and shows only the last one
 * of each task config, so the words are made only when someone reads them.
 */
@FunctionalInterface
public interface Refusal {
  String reason();
}
