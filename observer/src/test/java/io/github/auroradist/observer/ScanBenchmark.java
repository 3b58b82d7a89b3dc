package io.github.auroradist.observer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.observer.discovery.CheckpointScanner;
import io.github.auroradist.observer.discovery.Snapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints how long the observer takes to refresh a worker with many tasks (Aurora's observer needed
 * about 0.48 s for 50 active and 2,000 finished tasks). Not a test: run observer/bench/scan-benchmark.sh.
 *
 * <p>Usage: {@code ScanBenchmark [active] [finished] [dir]}.
 */
public final class ScanBenchmark {
  private static final ObjectWriter RECORDS = new ObjectMapper().writerFor(CheckpointRecord.class);

  public static void main(String[] args) throws Exception {
    int active = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int finished = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    boolean temporary = args.length <= 2;
    Path root = temporary ? Files.createTempDirectory("observer-bench") : Path.of(args[2]);
    System.out.printf("Writing %d active and %d finished tasks (3 processes each) under %s%n", active, finished,
        root);
    List<Path> activeFiles = new ArrayList<>();
    for (int i = 0; i < active + finished; i++) {
      Path file = write(root, i, i < active);
      if (i < active) {
        activeFiles.add(file);
      }
    }

    CheckpointScanner scanner = new CheckpointScanner(root);
    long cold = time(scanner::scan);
    Snapshot snap = scanner.scan();
    if (snap.tasks().size() != active + finished) {
      throw new IllegalStateException("found " + snap.tasks().size() + " tasks, expected " + (active + finished));
    }
    long[] warm = new long[10];
    for (int i = 0; i < warm.length; i++) {
      warm[i] = time(scanner::scan);
    }
    long[] changed = new long[5];
    for (int round = 0; round < changed.length; round++) {
      for (Path f : activeFiles) { // every active task records something new
        Files.writeString(f, line(new CheckpointRecord.ProcessStatus("worker", 0, ProcessState.RUNNING,
            System.currentTimeMillis(), 1000L + round, null, null)), StandardOpenOption.APPEND);
      }
      changed[round] = time(scanner::scan);
    }
    // A fresh observer parses everything once (the cold case), so clear the scanner's cache.
    long[] fresh = new long[3];
    for (int i = 0; i < fresh.length; i++) {
      fresh[i] = time(() -> new CheckpointScanner(root).scan());
    }

    System.out.printf("%nRefresh (scan of the work directory):%n");
    System.out.printf("  first scan, JVM cold, parses every checkpoint   %6d ms%n", cold);
    System.out.printf("  full parse, JVM warm (new observer), median     %6d ms%n", median(fresh));
    System.out.printf("  rescan, nothing changed, median                 %6d ms%n", median(warm));
    System.out.printf("  rescan, all %d active tasks changed, median     %6d ms%n", active, median(changed));
    System.out.printf("  (Aurora's observer: about 480 ms for 50 active and 2,000 finished tasks)%n");

    try (Observer observer = Observer.start(new ObserverSettings("127.0.0.1", 0, root, Duration.ofSeconds(5)))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + observer.port();
      System.out.printf("%nPages over HTTP (median of 20 after 5 warm-up requests):%n");
      for (String path : List.of("/", "/main/finished/0/2000", "/j/task_ids", "/task/task-00001", "/vars")) {
        long[] t = new long[20];
        for (int i = 0; i < 5; i++) {
          get(http, base + path);
        }
        int bytes = 0;
        for (int i = 0; i < t.length; i++) {
          long start = System.nanoTime();
          bytes = get(http, base + path);
          t[i] = (System.nanoTime() - start) / 1_000_000;
        }
        System.out.printf("  %-24s %6d ms  (%d KiB)%n", path, median(t), bytes / 1024);
      }
    }
    if (temporary) {
      try (var paths = Files.walk(root)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static int get(HttpClient http, String url) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return r.body().length;
  }

  private static Path write(Path root, int i, boolean active) throws Exception {
    String id = String.format("task-%05d", i);
    Path run = root.resolve("slaves/S0/frameworks/F0/executors/thermos-" + id + "/runs/r0");
    Path sandbox = Files.createDirectories(run.resolve("sandbox/.logs"));
    long t = 1_764_000_000_000L + i * 1000L;
    StringBuilder b = new StringBuilder();
    b.append(line(new CheckpointRecord.Header(Checkpoints.VERSION, id, t, "worker-1", "www-data", "www-data",
        "prod", "job" + i % 40, i, sandbox.getParent().toString(), sandbox.toString(), Map.of("http", 31000),
        4242L, FakeWorkDir.config("job", List.of("setup", "worker", "sidecar")))));
    b.append(line(new CheckpointRecord.TaskStatus(TaskState.ACTIVE, t + 1, null)));
    for (String p : List.of("setup", "worker", "sidecar")) {
      b.append(line(new CheckpointRecord.ProcessStatus(p, 0, ProcessState.WAITING, t + 2, null, null, null)));
      b.append(line(new CheckpointRecord.ProcessStatus(p, 0, ProcessState.FORKED, t + 3, 5000L + i, null, null)));
      b.append(line(new CheckpointRecord.ProcessStatus(p, 0, ProcessState.RUNNING, t + 4, 5000L + i, null, null)));
      if (!active) {
        b.append(line(new CheckpointRecord.ProcessStatus(p, 0, ProcessState.SUCCESS, t + 500, null, 0, null)));
      }
    }
    if (!active) {
      b.append(line(new CheckpointRecord.TaskStatus(TaskState.CLEANING, t + 600, null)));
      b.append(line(new CheckpointRecord.TaskStatus(TaskState.FINALIZING, t + 601, null)));
      b.append(line(new CheckpointRecord.TaskStatus(TaskState.SUCCESS, t + 602, null)));
    }
    Path file = Checkpoints.file(run, id);
    Files.createDirectories(file.getParent());
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private static String line(CheckpointRecord record) throws Exception {
    return RECORDS.writeValueAsString(record) + "\n";
  }

  private static long time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
