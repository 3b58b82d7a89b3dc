package io.github.auroradist.observer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Mesos agent work directory laid out as the agent and the executor leave it, with checkpoints
 * written by the real {@link CheckpointWriter}.
 */
public final class FakeWorkDir {
  public static final String AGENT = "agent-1-S0";
  public static final String FRAMEWORK = "fw-aurora-0001";
  public static final long T0 = 1_764_075_000_000L;

  private static final ObjectMapper JSON = new ObjectMapper();
  public final Path root;

  public FakeWorkDir(Path root) {
    this.root = root;
  }

  /** A run directory for {@code taskId}, with the agent's {@code latest} link beside it. */
  public Path runDirectory(String taskId) throws IOException {
    Path runs = root.resolve("slaves").resolve(AGENT).resolve("frameworks").resolve(FRAMEWORK)
        .resolve("executors").resolve("thermos-" + taskId).resolve("runs");
    Path run = Files.createDirectories(runs.resolve("c0ffee-" + Integer.toHexString(taskId.hashCode())));
    Path latest = runs.resolve("latest");
    Files.deleteIfExists(latest);
    Files.createSymbolicLink(latest, run.getFileName());
    Files.createDirectories(run.resolve("sandbox").resolve(".logs"));
    return run;
  }

  /** A bound configuration as the checkpoint header holds it: plain JSON values. */
  public static Map<String, Object> config(String taskName, List<String> processes) {
    var root = JSON.createObjectNode();
    var task = root.putObject("task");
    task.put("name", taskName);
    var list = task.putArray("processes");
    for (String p : processes) {
      list.addObject().put("name", p).put("cmdline", "echo " + p).put("max_failures", 2);
    }
    task.putObject("resources").put("cpu", 0.5).put("ram", 128L << 20).put("disk", 1L << 30);
    root.put("role", "www-data");
    return JSON.convertValue(root, new TypeReference<Map<String, Object>>() { });
  }

  /** Starts a checkpoint for a task of role www-data, env prod, with the given processes. */
  public CheckpointWriter start(Path run, String taskId, String job, int instance, List<String> processes)
      throws IOException {
    Path sandbox = run.resolve("sandbox");
    CheckpointRecord.Header header = new CheckpointRecord.Header(Checkpoints.VERSION, taskId, T0 + instance,
        "agent-1", "www-data", "www-data", "prod", job, instance, sandbox.toString(),
        sandbox.resolve(".logs").toString(), Map.of("http", 31000 + instance), 4242L,
        config(job, processes));
    CheckpointWriter writer = CheckpointWriter.create(Checkpoints.file(run, taskId), header);
    writer.append(new CheckpointRecord.TaskStatus(TaskState.ACTIVE, T0 + 10, null));
    return writer;
  }

  public static void process(CheckpointWriter w, String process, int run, ProcessState state, long time, Long pid,
      Integer rc, String message) throws IOException {
    w.append(new CheckpointRecord.ProcessStatus(process, run, state, time, pid, rc, message));
  }

  public static void task(CheckpointWriter w, TaskState state, long time, String message) throws IOException {
    w.append(new CheckpointRecord.TaskStatus(state, time, message));
  }

  public static Path log(Path run, String process, int runNumber, String stream, String text) throws IOException {
    Path dir = Files.createDirectories(run.resolve("sandbox").resolve(".logs").resolve(process)
        .resolve(Integer.toString(runNumber)));
    return Files.writeString(dir.resolve(stream), text, StandardCharsets.UTF_8);
  }

  /** A FIFO made with the real {@code mkfifo}, as a task would make one. */
  public static Path mkfifo(Path path) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("mkfifo " + path + " failed: " + out);
    }
    return path;
  }
}
