package io.github.auroradist.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (or a time limit) and keeps what it printed; the one runner of the build and its tests. */
public final class Processes {
  /** What a command printed (stdout and stderr together) and how it ended; 124 when it timed out. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private Processes() {}

  public static Result run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
    return run(argv, timeout, Map.of());
  }

  public static Result run(List<String> argv, Duration timeout, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process p = builder.start();
    p.getOutputStream().close();
    byte[][] out = new byte[1][];
    // Read on another thread so that a command filling the pipe cannot stall the time limit.
    Thread reader = new Thread(() -> {
      try {
        out[0] = p.getInputStream().readAllBytes();
      } catch (IOException e) {
        out[0] = new byte[0];
      }
    });
    reader.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      reader.join(5000);
      return new Result(124, "timed out after " + timeout + ": " + argv);
    }
    reader.join(10_000);
    return new Result(p.exitValue(), new String(out[0] == null ? new byte[0] : out[0], StandardCharsets.UTF_8));
  }

  /** Runs a command that must succeed; returns what it printed, or fails with that output. */
  public static String check(List<String> argv, Duration timeout) throws IOException, InterruptedException {
    Result r = run(argv, timeout);
    if (!r.ok()) {
      throw new IOException(argv.get(0) + " failed (exit " + r.exitCode() + "): " + String.join(" ", argv) + "\n"
          + r.output());
    }
    return r.output();
  }

  /** Whether an executable of that name is on the PATH. */
  public static boolean onPath(String command) {
    return find(command).isPresent();
  }

  /** The executable of that name the PATH finds first. */
  public static Optional<Path> find(String command) {
    // -1 keeps empty entries, which POSIX reads as the working directory; the build does not look there.
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return Optional.of(Path.of(dir, command));
      }
    }
    return Optional.empty();
  }
}
