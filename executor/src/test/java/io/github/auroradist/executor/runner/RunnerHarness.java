package io.github.auroradist.executor.runner;

import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.common.thermos.config.TaskConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Runs a task in a temporary run directory and keeps every record the runner emits. */
final class RunnerHarness implements RunnerListener {
  final Path runDir;
  final Path sandbox;
  final List<CheckpointRecord.ProcessStatus> processEvents = new CopyOnWriteArrayList<>();
  final List<CheckpointRecord.TaskStatus> taskEvents = new CopyOnWriteArrayList<>();
  TaskRunner runner;
  Path checkpointFile;

  RunnerHarness(Path runDir) throws Exception {
    this.runDir = runDir;
    this.sandbox = Files.createDirectories(runDir.resolve("sandbox"));
  }

  TaskRunner start(TaskConfig task) throws Exception {
    return start(task, RunnerSettings.inSandbox(sandbox).withEscalationWait(Duration.ofSeconds(2)));
  }

  TaskRunner start(TaskConfig task, RunnerSettings settings) throws Exception {
    checkpointFile = Checkpoints.file(runDir, "test-task");
    CheckpointWriter writer = CheckpointWriter.create(checkpointFile, new CheckpointRecord.Header(
        Checkpoints.VERSION, "test-task", System.currentTimeMillis(), "localhost", "me", "role", "env",
        "job", 0, sandbox.toString(), settings.logDir().toString(), Map.of(), ProcessHandle.current().pid(),
        null));
    runner = new TaskRunner(task, settings, writer, this);
    runner.start();
    return runner;
  }

  TaskOutcome await(int seconds) throws Exception {
    return runner.outcome().get(seconds, TimeUnit.SECONDS);
  }

  TaskCheckpoint checkpoint() throws Exception {
    return Checkpoints.read(checkpointFile);
  }

  List<CheckpointRecord.ProcessStatus> events(String process, ProcessState state) {
    return processEvents.stream().filter(e -> e.process().equals(process) && e.state() == state).toList();
  }

  String read(String file) throws Exception {
    Path p = sandbox.resolve(file);
    return Files.exists(p) ? Files.readString(p) : "";
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && ProcTable.readOne(pid).isPresent();
  }

  @Override
  public void processStatus(CheckpointRecord.ProcessStatus status) {
    processEvents.add(status);
  }

  @Override
  public void taskStatus(CheckpointRecord.TaskStatus status) {
    taskEvents.add(status);
  }
}
