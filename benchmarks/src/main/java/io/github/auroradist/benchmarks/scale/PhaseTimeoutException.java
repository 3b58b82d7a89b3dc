package io.github.auroradist.benchmarks.scale;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A phase of the scale run that did not finish within its bound; the message names the phase and what was seen. */
final class PhaseTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PhaseTimeoutException(String message) {
    super(message);
  }

  /**
   * Polls {@code done} every {@code every} until it holds; throws naming {@code phase} and the latest
   * {@code progress} if that takes longer than {@code bound}.
   */
  static void await(String phase, Duration bound, Duration every, BooleanSupplier done, Supplier<String> progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new PhaseTimeoutException(phase + " did not finish within " + bound.toSeconds() + " s (last seen: "
            + progress.get() + ")");
      }
      Thread.sleep(every.toMillis());
    }
  }
}
