package io.github.auroradist.benchmarks.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The process ids of the JVMs a run starts, one a line in a file, so that {@code bin/scale-run}'s trap can stop
 * them even when the driver itself was killed before its shutdown hook ran.
 */
final class Pids {
  private final Path file;

  Pids(Path file) {
    this.file = file;
  }

  synchronized void add(long pid) {
    try {
      Files.writeString(file, pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record pid " + pid + " in " + file, e);
    }
  }
}
