package io.github.auroradist.executor.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.common.thermos.config.LoggerConfig;
import io.github.auroradist.common.thermos.config.OrderConstraint;
import io.github.auroradist.common.thermos.config.ProcessConfig;
import io.github.auroradist.common.thermos.config.TaskConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRunnerTest {
  @TempDir Path runDir;
  RunnerHarness h;

  @BeforeEach
  void setUp() throws Exception {
    h = new RunnerHarness(runDir);
  }

  @AfterEach
  void tearDown() {
    if (h.runner != null && !h.runner.outcome().isDone()) {
      h.runner.forceKill("test over");
    }
  }

  private static ProcessConfig p(String name, String cmd) {
    return ProcessConfig.of(name, cmd).withMinDuration(0);
  }

  private static TaskConfig task(List<ProcessConfig> processes, OrderConstraint... order) {
    return TaskConfig.of("t", processes, List.of(order));
  }

  private static OrderConstraint order(String... names) {
    return new OrderConstraint(List.of(names));
  }

  @Test
  void orderingConstraintsRunProcessesInOrder() throws Exception {
    h.start(task(List.of(
        p("c", "echo c >> order"), p("b", "sleep 0.3; echo b >> order"), p("a", "sleep 0.3; echo a >> order")),
        order("a", "b", "c")));
    TaskOutcome outcome = h.await(20);
    assertThat(outcome.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(h.read("order")).isEqualTo("a\nb\nc\n");
    assertThat(h.taskEvents).extracting(CheckpointRecord.TaskStatus::state).containsExactly(
        TaskState.ACTIVE, TaskState.CLEANING, TaskState.FINALIZING, TaskState.SUCCESS);
  }

  @Test
  void failedRunsAreRetriedUpToMaxFailures() throws Exception {
    // Fails on its first two runs, succeeds on the third.
    h.start(task(List.of(p("flaky", "echo x >> count; [ $(wc -l < count) -ge 3 ]").withMaxFailures(3))));
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    assertThat(h.events("flaky", ProcessState.FAILED)).hasSize(2);
    assertThat(h.events("flaky", ProcessState.FAILED).get(0).returnCode()).isEqualTo(1);
    TaskCheckpoint cp = h.checkpoint();
    assertThat(cp.processes().get("flaky")).extracting(ProcessRun::state)
        .containsExactly(ProcessState.FAILED, ProcessState.FAILED, ProcessState.SUCCESS);
    assertThat(cp.state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void exhaustedMaxFailuresFailsTheTaskNamingTheProcess() throws Exception {
    h.start(task(List.of(p("ok", "true"), p("broken", "exit 3").withMaxFailures(2))));
    TaskOutcome outcome = h.await(20);
    assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
    assertThat(outcome.failedProcess()).contains("broken");
    assertThat(outcome.message()).contains("'broken'").contains("exit code 3").contains("2 runs");
    assertThat(h.checkpoint().state()).isEqualTo(TaskState.FAILED);
  }

  @Test
  void zeroMaxFailuresRetriesForever() throws Exception {
    h.start(task(List.of(p("stubborn", "echo x >> count; [ $(wc -l < count) -ge 5 ]").withMaxFailures(0))));
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    assertThat(h.events("stubborn", ProcessState.FAILED)).hasSize(4);
  }

  @Test
  void minDurationSpacesRestarts() throws Exception {
    h.start(task(List.of(ProcessConfig.of("slow", "echo x >> count; [ $(wc -l < count) -ge 2 ]")
        .withMaxFailures(2).withMinDuration(1))));
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    List<CheckpointRecord.ProcessStatus> forks = h.events("slow", ProcessState.FORKED);
    assertThat(forks).hasSize(2);
    assertThat(forks.get(1).timeMs() - forks.get(0).timeMs()).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void taskFailsWhenAProcessItDependsOnFailedForGood() throws Exception {
    h.start(task(List.of(p("a", "exit 7"), p("b", "echo ran > b")), order("a", "b"))
        .withMaxFailures(2));
    TaskOutcome outcome = h.await(20);
    assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
    assertThat(outcome.message()).contains("'b' cannot start").contains("'a'").contains("exit code 7");
    assertThat(h.read("b")).isEmpty();
  }

  @Test
  void daemonsRunAgainAfterSuccess() throws Exception {
    h.start(task(List.of(p("tick", "echo x >> ticks").asDaemon())));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.events("tick", ProcessState.SUCCESS).size() >= 3);
    assertThat(h.runner.outcome()).isNotDone();
    h.runner.kill("enough");
    TaskOutcome outcome = h.await(20);
    assertThat(outcome.state()).isEqualTo(TaskState.KILLED);
    assertThat(outcome.message()).isEqualTo("enough");
  }

  @Test
  void ephemeralProcessesAreNotWaitedForAndAreTerminated() throws Exception {
    h.start(task(List.of(p("side", "echo $$ > side.pid; exec sleep 600").asEphemeral(),
        p("main", "sleep 0.5"))));
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    long pid = Long.parseLong(h.read("side.pid").trim());
    assertThat(RunnerHarness.alive(pid)).isFalse();
    assertThat(h.events("side", ProcessState.KILLED)).hasSize(1);
  }

  @Test
  void finalProcessesRunLastInTheirOwnOrderEvenWhenKilled() throws Exception {
    h.start(task(List.of(p("main", "echo main >> order; sleep 600"),
        p("f2", "echo f2 >> order").asFinal(), p("f1", "echo f1 >> order").asFinal()), order("f1", "f2")));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.read("order").contains("main"));
    h.runner.kill("killed by test");
    TaskOutcome outcome = h.await(20);
    assertThat(outcome.state()).isEqualTo(TaskState.KILLED);
    assertThat(h.read("order")).isEqualTo("main\nf1\nf2\n");
    assertThat(h.events("main", ProcessState.KILLED)).hasSize(1);
    assertThat(h.events("f1", ProcessState.SUCCESS)).hasSize(1);
  }

  @Test
  void finalizationWaitBoundsFinalProcesses() throws Exception {
    h.start(task(List.of(p("main", "true"), p("hang", "echo $$ > hang.pid; exec sleep 600").asFinal()))
        .withFinalizationWait(2));
    long started = System.nanoTime();
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    long pid = Long.parseLong(h.read("hang.pid").trim());
    assertThat(RunnerHarness.alive(pid)).isFalse();
    assertThat(h.events("hang", ProcessState.KILLED)).hasSize(1);
  }

  @Test
  void maxConcurrencyLimitsParallelProcesses() throws Exception {
    List<ProcessConfig> four = List.of(p("w1", "sleep 0.4"), p("w2", "sleep 0.4"), p("w3", "sleep 0.4"),
        p("w4", "sleep 0.4"));
    h.start(task(four).withMaxConcurrency(2));
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    int running = 0;
    int peak = 0;
    for (CheckpointRecord.ProcessStatus e : h.processEvents) {
      if (e.state() == ProcessState.FORKED) {
        peak = Math.max(peak, ++running);
      } else if (e.state().isTerminal()) {
        running--;
      }
    }
    assertThat(peak).isEqualTo(2);
  }

  @Test
  void sigtermReachesTheWholeTreeIncludingDoubleForkedDaemons() throws Exception {
    // One grandchild is re-parented to init but stays in the session; the other also leaves the
    // session with setsid; both must still be terminated.
    String cmd = "( sleep 601 & echo $! > orphan.pid ); ( setsid sleep 602 & echo $! > escaped.pid ); sleep 600";
    h.start(task(List.of(p("forker", cmd))));
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.read("escaped.pid").isBlank()
        && !h.read("orphan.pid").isBlank());
    long orphan = Long.parseLong(h.read("orphan.pid").trim());
    long escaped = Long.parseLong(h.read("escaped.pid").trim());
    await().atMost(Duration.ofSeconds(5)).until(() -> RunnerHarness.alive(orphan) && RunnerHarness.alive(escaped));
    h.runner.kill("stop");
    assertThat(h.await(20).state()).isEqualTo(TaskState.KILLED);
    await().atMost(Duration.ofSeconds(5)).until(() -> !RunnerHarness.alive(orphan) && !RunnerHarness.alive(escaped));
  }

  @Test
  void processesIgnoringSigtermAreKilledAfterTheEscalationWait() throws Exception {
    h.start(task(List.of(p("stubborn", "trap '' TERM; echo $$ > pid; while true; do sleep 0.1; done"))));
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.read("pid").isBlank());
    long started = System.nanoTime();
    h.runner.kill("stop");
    assertThat(h.await(20).state()).isEqualTo(TaskState.KILLED);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(8));
    assertThat(RunnerHarness.alive(Long.parseLong(h.read("pid").trim()))).isFalse();
  }

  @Test
  void logsGoToTheLogDirectoryPerRun() throws Exception {
    h.start(task(List.of(p("talk", "echo out; echo err >&2; [ -e again ] || { touch again; exit 1; }")
        .withMaxFailures(2))));
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    Path logs = h.sandbox.resolve(".logs/talk");
    assertThat(Files.readString(logs.resolve("0/stdout"))).isEqualTo("out\n");
    assertThat(Files.readString(logs.resolve("0/stderr"))).isEqualTo("err\n");
    assertThat(Files.readString(logs.resolve("1/stdout"))).isEqualTo("out\n");
  }

  @Test
  void rotatingLoggerKeepsBackups() throws Exception {
    h.start(task(List.of(p("chatty", "for i in $(seq 1 400); do echo line-$i-xxxxxxxxxxxxxxxx; done")
        .withLogger(LoggerConfig.rotating(1024, 2)))));
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    Path run = h.sandbox.resolve(".logs/chatty/0");
    assertThat(run.resolve("stdout")).exists();
    assertThat(run.resolve("stdout.1")).exists();
    assertThat(run.resolve("stdout.2")).exists();
    assertThat(run.resolve("stdout.3")).doesNotExist();
    assertThat(Files.size(run.resolve("stdout.1"))).isEqualTo(1024);
    assertThat(Files.readString(run.resolve("stdout"))).contains("line-400-");
  }

  @Test
  void thermosProfileIsSourced() throws Exception {
    Files.writeString(h.sandbox.resolve(".thermos_profile"), "export GREETING=from-profile\n");
    h.start(task(List.of(p("greet", "echo $GREETING > greeting"))));
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    assertThat(h.read("greeting")).isEqualTo("from-profile\n");
  }

  @Test
  void runsAsTheRoleUserWhenRoot() throws Exception {
    assumeTrue(UnixUser.runningAsRoot(), "switching users needs root");
    UnixUser nobody = UnixUser.lookup("nobody").orElseThrow();
    Files.setPosixFilePermissions(h.sandbox, PosixFilePermissions.fromString("rwxrwxrwx"));
    h.start(task(List.of(p("who", "id -u > uid; echo $USER:$HOME > env"))),
        RunnerSettings.inSandbox(h.sandbox).withRunAs(Optional.of(nobody)));
    assertThat(h.await(20).state()).isEqualTo(TaskState.SUCCESS);
    assertThat(h.read("uid").trim()).isEqualTo(Long.toString(nobody.uid()));
    assertThat(h.read("env").trim()).isEqualTo("nobody:" + nobody.home());
  }

  @Test
  void checkpointReplayMatchesWhatHappened() throws Exception {
    h.start(task(List.of(p("a", "exit 2").withMaxFailures(1), p("b", "true"))).withMaxFailures(2));
    TaskOutcome outcome = h.await(20);
    assertThat(outcome.state()).isEqualTo(TaskState.SUCCESS);
    TaskCheckpoint cp = h.checkpoint();
    assertThat(cp.state()).isEqualTo(TaskState.SUCCESS);
    ProcessRun a = cp.latestRun("a").orElseThrow();
    assertThat(a.state()).isEqualTo(ProcessState.FAILED);
    assertThat(a.returnCode()).isEqualTo(2);
    assertThat(a.pid()).isPositive();
    assertThat(a.startTimeMs()).isNotNull();
    assertThat(a.stopTimeMs()).isGreaterThanOrEqualTo(a.startTimeMs());
    assertThat(cp.latestRun("b").orElseThrow().state()).isEqualTo(ProcessState.SUCCESS);
    assertThat(cp.history()).extracting(CheckpointRecord.TaskStatus::state).endsWith(TaskState.SUCCESS);
  }

  @Test
  void invalidTasksAreRefusedBeforeAnythingRuns() {
    assertThatThrownBy(() -> h.start(task(List.of(p("a", "true"), p("b", "true")), order("a", "b"),
        order("b", "a")))).hasMessageContaining("cycle");
  }
}
