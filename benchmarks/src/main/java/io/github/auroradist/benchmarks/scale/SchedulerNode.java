package io.github.auroradist.benchmarks.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One coordinator's scheduler as its own JVM: {@code aurora-scheduler}'s main class with the flags the package's
 * startup script passes, its output appended to {@code scheduler-N.log} in the run's directory.
 */
final class SchedulerNode {
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  final int index;
  final int httpPort;
  final Path logDir;
  private final Path output;
  private final List<String> command;
  private final Pids pids;
  private Process process;

  SchedulerNode(int index, int httpPort, Path logDir, Path output, List<String> command, Pids pids) {
    this.index = index;
    this.httpPort = httpPort;
    this.logDir = logDir;
    this.output = output;
    this.command = command;
    this.pids = pids;
  }

  synchronized void start() throws IOException {
    Files.writeString(output, "---- starting scheduler " + index + "\n", StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
    pids.add(process.pid());
  }

  /** SIGKILL, as when the host or the JVM dies. */
  synchronized void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process.pid();
  }

  /** The heap in use after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), in bytes. */
  long heapAfterFullGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("jcmd GC.heap_info of " + this + " named no heap in use:\n" + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** The resident set size from {@code /proc/PID/status}, in bytes. */
  long residentSetSize() throws IOException {
    Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid()), "status")));
    if (!m.find()) {
      throw new IllegalStateException("/proc/" + pid() + "/status has no VmRSS line");
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** Writes the flight recording started with {@code -XX:StartFlightRecording} (named "scale") to {@code file}. */
  void dumpFlightRecording(Path file) throws IOException, InterruptedException {
    jcmd("JFR.dump", "name=scale", "filename=" + file);
  }

  private String jcmd(String... what) throws IOException, InterruptedException {
    List<String> jcmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid())));
    jcmd.addAll(List.of(what));
    Process p = new ProcessBuilder(jcmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid() + " " + String.join(" ", what) + " failed:\n" + out);
    }
    return out;
  }

  /** The last lines of this scheduler's output, for failure messages. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(output);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "scheduler " + index + " (http 127.0.0.1:" + httpPort + ", output " + output + ")";
  }
}
