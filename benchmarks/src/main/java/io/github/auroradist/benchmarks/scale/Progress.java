package io.github.auroradist.benchmarks.scale;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The leader's task counts and queues once a second while tasks are placed and launched, one tab-separated line
 * each, so a slow run shows which stage held it up (placing, launching, or acknowledging).
 */
final class Progress implements AutoCloseable {
  /** The leader's queues between Mesos and its store: all empty once the launches are through. */
  static final List<String> QUEUES = List.of("status_updates_queued", "mesos_calls_queued",
      "mesos_acknowledgements_queued");
  private static final List<String> VARS = Stream.concat(Stream.of("task_store_PENDING", "task_store_ASSIGNED",
      "task_store_STARTING", "task_store_RUNNING"), QUEUES.stream()).toList();

  private final BufferedWriter out;
  private final long start;
  private long lastSecond = -1;

  Progress(Path file, long start) throws IOException {
    this.out = Files.newBufferedWriter(file);
    this.start = start;
    out.write("seconds\t" + String.join("\t", VARS) + "\n");
  }

  /** Whether a new second since the start has begun since the last line. */
  boolean due() {
    return second() != lastSecond;
  }

  private long second() {
    return (System.nanoTime() - start) / 1_000_000_000L;
  }

  /** Writes a line when a new second since the start has begun. */
  void record(JsonNode vars) {
    long second = second();
    if (second == lastSecond || vars.isEmpty()) {
      return;
    }
    lastSecond = second;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d", second));
    for (String name : VARS) {
      line.append('\t').append(vars.path(name).asLong());
    }
    try {
      out.write(line.append('\n').toString());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
