package io.github.auroradist.observer.discovery;

import static io.github.auroradist.observer.FakeWorkDir.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.observer.FakeWorkDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointScannerTest {
  @TempDir Path root;

  @Test
  void findsEachTaskOnceDespiteLatestLinks() throws Exception {
    FakeWorkDir work = new FakeWorkDir(root);
    try (var w = work.start(work.runDirectory("t-active"), "t-active", "web", 0, List.of("hello"))) {
      FakeWorkDir.process(w, "hello", 0, ProcessState.RUNNING, T0 + 20, 77L, null, null);
    }
    try (var w = work.start(work.runDirectory("t-done"), "t-done", "web", 1, List.of("hello"))) {
      FakeWorkDir.task(w, TaskState.SUCCESS, T0 + 30, null);
    }
    // Mesos also keeps slaves/latest pointing at the current agent directory.
    Files.createSymbolicLink(root.resolve("slaves/latest"), Path.of(FakeWorkDir.AGENT));

    Snapshot snap = new CheckpointScanner(root).scan();
    assertThat(snap.tasks().keySet()).containsExactly("t-done", "t-active"); // newest launch first
    assertThat(snap.duplicateTaskIds()).isZero();
    assertThat(snap.problems()).isEmpty();
    assertThat(snap.task("t-active").orElseThrow().status()).isEqualTo(ObservedTask.Status.ACTIVE);
    assertThat(snap.task("t-done").orElseThrow().status()).isEqualTo(ObservedTask.Status.FINISHED);
    ObservedTask active = snap.task("t-active").orElseThrow();
    assertThat(active.location().agentId()).isEqualTo(FakeWorkDir.AGENT);
    assertThat(active.location().frameworkId()).isEqualTo(FakeWorkDir.FRAMEWORK);
    assertThat(active.location().executorId()).isEqualTo("thermos-t-active");
    assertThat(active.location().runId()).startsWith("c0ffee-");
    assertThat(active.checkpoint().latestRun("hello").orElseThrow().pid()).isEqualTo(77L);
  }

  @Test
  void aCorruptCheckpointIsAnErrorForThatTaskOnly() throws Exception {
    FakeWorkDir work = new FakeWorkDir(root);
    work.start(work.runDirectory("good"), "good", "web", 0, List.of("hello")).close();
    Path bad = work.runDirectory("bad");
    work.start(bad, "bad", "web", 1, List.of("hello")).close();
    Files.writeString(Checkpoints.file(bad, "bad"), "{not json\n{\"type\":\"task_status\"}\n",
        StandardOpenOption.APPEND);
    Path empty = work.runDirectory("empty");
    Files.createDirectories(empty.resolve("checkpoints"));
    Files.writeString(empty.resolve("checkpoints/empty.ckpt"), "");

    Snapshot snap = new CheckpointScanner(root).scan();
    assertThat(snap.task("good").orElseThrow().status()).isEqualTo(ObservedTask.Status.ACTIVE);
    ObservedTask corrupt = snap.task("bad").orElseThrow();
    assertThat(corrupt.status()).isEqualTo(ObservedTask.Status.UNREADABLE);
    assertThat(corrupt.error()).contains("line 3").contains("corrupt");
    assertThat(snap.task("empty").orElseThrow().error()).contains("no header");
    assertThat(snap.count(ObservedTask.Status.UNREADABLE)).isEqualTo(2);
  }

  @Test
  void rescansPickUpChangesAndRemovals() throws Exception {
    FakeWorkDir work = new FakeWorkDir(root);
    CheckpointScanner scanner = new CheckpointScanner(root);
    Path run = work.runDirectory("t1");
    var w = work.start(run, "t1", "web", 0, List.of("hello"));
    assertThat(scanner.scan().task("t1").orElseThrow().checkpoint().state()).isEqualTo(TaskState.ACTIVE);

    FakeWorkDir.task(w, TaskState.FAILED, T0 + 99, "Process 'hello' failed");
    w.close();
    Snapshot after = scanner.scan();
    assertThat(after.task("t1").orElseThrow().checkpoint().state()).isEqualTo(TaskState.FAILED);
    assertThat(after.scanNumber()).isEqualTo(2);

    Files.delete(Checkpoints.file(run, "t1"));
    assertThat(scanner.scan().tasks()).isEmpty();
  }

  @Test
  void aMissingWorkDirIsReportedNotFatal() {
    Snapshot snap = new CheckpointScanner(root.resolve("nope")).scan();
    assertThat(snap.tasks()).isEmpty();
    assertThat(snap.problems()).singleElement().asString().contains("--mesos-root");
  }
}
