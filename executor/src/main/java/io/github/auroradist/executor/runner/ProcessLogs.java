package io.github.auroradist.executor.runner;

import io.github.auroradist.common.thermos.config.LoggerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires one run's stdout and stderr to {@code <log dir>/<process>/<run>/stdout|stderr} as its
 * logger asks: plain files are handed to the child directly; rotation and "both" need a pump thread
 * that copies the pipe.
 */
final class ProcessLogs {
  private final LoggerConfig logger;
  private final Path runDir;
  private final List<Thread> pumps = new ArrayList<>();

  ProcessLogs(LoggerConfig logger, Path logDir, String process, int run) throws IOException {
    this.logger = logger;
    this.runDir = logDir.resolve(process).resolve(Integer.toString(run));
    if (logger.destinationKind() != LoggerConfig.Destination.CONSOLE
        && logger.destinationKind() != LoggerConfig.Destination.NONE) {
      Files.createDirectories(runDir);
    }
  }

  Path runDirectory() {
    return runDir;
  }

  void configure(ProcessBuilder builder) {
    builder.redirectOutput(redirect("stdout"));
    builder.redirectError(redirect("stderr"));
  }

  private ProcessBuilder.Redirect redirect(String stream) {
    return switch (logger.destinationKind()) {
      case NONE -> ProcessBuilder.Redirect.DISCARD;
      case CONSOLE -> ProcessBuilder.Redirect.INHERIT;
      case FILE -> logger.modeKind() == LoggerConfig.Mode.STANDARD
          ? ProcessBuilder.Redirect.to(runDir.resolve(stream).toFile()) : ProcessBuilder.Redirect.PIPE;
      case BOTH -> ProcessBuilder.Redirect.PIPE;
    };
  }

  /** Starts the pump threads the redirects need; call right after the child started. */
  void started(Process process, String name) throws IOException {
    pump(process.getInputStream(), "stdout", System.out, name);
    pump(process.getErrorStream(), "stderr", System.err, name);
  }

  private void pump(InputStream in, String stream, PrintStream console, String name) throws IOException {
    if (redirect(stream).type() != ProcessBuilder.Redirect.Type.PIPE) {
      return;
    }
    Path file = runDir.resolve(stream);
    OutputStream target = logger.modeKind() == LoggerConfig.Mode.ROTATE
        ? new RotatingLogFile(file, logger.rotate().logSize(), logger.rotate().backups())
        : Files.newOutputStream(file);
    boolean toConsole = logger.destinationKind() == LoggerConfig.Destination.BOTH;
    Thread t = new Thread(null, () -> copy(in, target, toConsole ? console : null),
        "log-" + name + "-" + stream, 64 * 1024);
    t.setDaemon(true);
    t.start();
    pumps.add(t);
  }

  private static void copy(InputStream in, OutputStream file, PrintStream console) {
    byte[] buf = new byte[8192];
    try (in; file) {
      int n;
      while ((n = in.read(buf)) > 0) {
        file.write(buf, 0, n);
        file.flush();
        if (console != null) {
          console.write(buf, 0, n);
          console.flush();
        }
      }
    } catch (IOException e) {
      // The child closed its end or the file went away; nothing more to copy.
    }
  }

  /** Waits briefly for the pumps to drain what the child wrote before it exited. */
  void awaitDrained(long millis) {
    for (Thread t : pumps) {
      try {
        t.join(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
