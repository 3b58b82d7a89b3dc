package io.github.auroradist.observer.sandbox;

import io.github.auroradist.observer.FakeWorkDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A hostile task: keeps putting a stand-in (a link out of the sandbox, a FIFO) in the place of each
 * of its files or directories and back, as fast as it can, while the observer reads them. Each
 * place's stand-in waits beside it as {@code <name>.standin}.
 */
final class Swapper implements AutoCloseable {
  private final List<Path> places;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong swaps = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;

  /** Starts swapping {@code places}, each of which has its stand-in ready. */
  Swapper(List<Path> places) {
    this.places = List.copyOf(places);
    this.thread = new Thread(this::swap, "sandbox-swapper");
    thread.setDaemon(true);
    thread.start();
  }

  /** A symbolic link to {@code target} as the stand-in of {@code place}. */
  static void linkStandIn(Path place, Path target) throws IOException {
    Files.createSymbolicLink(standIn(place), target);
  }

  /** A FIFO as the stand-in of {@code place}. */
  static void fifoStandIn(Path place) throws IOException, InterruptedException {
    FakeWorkDir.mkfifo(standIn(place));
  }

  /** Where the stand-in of {@code place} waits while it is not in its place. */
  static Path standIn(Path place) {
    return sibling(place, ".standin");
  }

  private static Path sibling(Path place, String suffix) {
    return place.resolveSibling(place.getFileName() + suffix);
  }

  /** Rounds of swaps done: every place had its stand-in in its place once per round. */
  long swaps() {
    return swaps.get();
  }

  private void swap() {
    try {
      while (running.get()) {
        for (Path place : places) {
          Files.move(place, sibling(place, ".real"));
          Files.move(standIn(place), place);
          Files.move(place, standIn(place));
          Files.move(sibling(place, ".real"), place);
        }
        swaps.incrementAndGet();
      }
    } catch (IOException | RuntimeException e) {
      failure.set(e);
    }
  }

  /** Stops swapping, every place back as it was; fails if a swap failed. */
  @Override
  public void close() {
    running.set(false);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the swapper", e);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a swap failed", failure.get());
    }
  }
}
