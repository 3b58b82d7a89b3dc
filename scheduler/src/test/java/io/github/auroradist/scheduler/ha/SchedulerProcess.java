package io.github.auroradist.scheduler.ha;

import io.github.auroradist.scheduler.SchedulerMain;
import io.github.auroradist.scheduler.testing.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One coordinator's scheduler as its own JVM, started with {@code aurora-scheduler}'s main class and flags, its
 * output appended to {@code scheduler-N.log}. The HTTP and log ports stay the same across restarts, as on a host.
 */
public final class SchedulerProcess {
  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public final int index;
  public final int httpPort;
  final Path logDir;
  final Path output;
  private final List<String> flags;
  private Process process;

  SchedulerProcess(int index, int httpPort, Path logDir, Path output, List<String> flags) {
    this.index = index;
    this.httpPort = httpPort;
    this.logDir = logDir;
    this.output = output;
    this.flags = flags;
  }

  static List<String> java(String mainClass, String heap) {
    // Name the logging configuration: two logback-test.xml on the class path make Logback print 20 lines of
    // warnings at every start, which push the lines that explain a failure out of the report's tail.
    String logging = String.valueOf(SchedulerProcess.class.getResource("/logback-test.xml"));
    return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-Dlogback.configurationFile=" + logging, "-cp", System.getProperty("java.class.path"), mainClass));
  }

  public synchronized void start() throws IOException {
    if (isAlive()) {
      throw new IllegalStateException("scheduler " + index + " is already running");
    }
    List<String> command = java(SchedulerMain.class.getName(), System.getProperty("ha.schedulerHeap", "384m"));
    command.addAll(flags);
    // Tasks run as the user running the tests, which is root in containers.
    command.add("-allow_root_role=true");
    Files.writeString(output, "---- starting scheduler " + index + "\n", java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
  }

  /** SIGKILL: the host or the JVM died. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM, as systemd stops the service. */
  synchronized void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** SIGSTOP: the JVM freezes, as in a long GC pause or a stalled virtual machine, until {@link #resume}. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause}. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private synchronized void signal(String name) throws IOException, InterruptedException {
    if (isAlive()) {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IOException("kill -" + name + " " + process.pid() + " failed");
      }
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  public synchronized int exitCode() {
    return process.exitValue();
  }

  public Http http() {
    return new Http(httpPort);
  }

  /** The HTTP status of a GET, or empty when nothing answers. */
  public Optional<Integer> status(String path) {
    try {
      HttpResponse<Void> r = PROBE.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return Optional.of(r.statusCode());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  public boolean isLeading() {
    return status("/leaderhealth").orElse(0) == 200;
  }

  boolean isHealthy() {
    return status("/health").orElse(0) == 200;
  }

  /** What this scheduler printed since it was last started. */
  String outputOfThisRun() {
    try {
      String all = Files.readString(output);
      return all.substring(all.lastIndexOf("---- starting scheduler " + index));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** The last lines of this scheduler's output, for failure messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(output);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /**
   * The stacks of the threads that start a scheduler and catch it up with the log ("main", "log-catch-up"), from
   * {@code jcmd}: what a scheduler that answers but goes quiet is waiting for.
   */
  String startupThreads() {
    Process p;
    synchronized (this) {
      if (process == null || !process.isAlive()) {
        return "(not running)";
      }
      p = process;
    }
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).start();
      String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      jcmd.waitFor(30, TimeUnit.SECONDS);
      StringBuilder out = new StringBuilder();
      for (String thread : java.util.regex.Pattern.compile("\n\n").splitAsStream(dump).toList()) {
        if (thread.startsWith("\"main\"") || thread.startsWith("\"log-catch-up\"")) {
          out.append(thread.lines().limit(20).collect(java.util.stream.Collectors.joining("\n"))).append('\n');
        }
      }
      return out.toString();
    } catch (IOException e) {
      return "(no thread dump: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(no thread dump: interrupted)";
    }
  }

  @Override
  public String toString() {
    return "scheduler " + index + " (http " + httpPort + ")";
  }
}
