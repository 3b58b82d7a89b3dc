package io.github.auroradist.scheduler.lifecycle;

import io.github.auroradist.common.process.BoundedStop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** A daemon whose stop never returns, with a stop bound of the seconds in args[0]; prints "ready" once set up. */
public final class WedgedStopMain {
  private WedgedStopMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    BoundedStop.install("wedged", Duration.ofSeconds(Long.parseLong(args[0])), () -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    System.out.println("ready");
    never.await();
  }
}
