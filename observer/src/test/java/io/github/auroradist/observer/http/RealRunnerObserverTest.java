package io.github.auroradist.observer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.common.thermos.config.OrderConstraint;
import io.github.auroradist.common.thermos.config.ProcessConfig;
import io.github.auroradist.common.thermos.config.TaskConfig;
import io.github.auroradist.executor.runner.RunnerSettings;
import io.github.auroradist.executor.runner.TaskOutcome;
import io.github.auroradist.executor.runner.TaskRunner;
import io.github.auroradist.observer.FakeWorkDir;
import io.github.auroradist.observer.RunningObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observer reading what the real Thermos task runner writes: checkpoints, per-run logs, real
 * pids, retries, a failure and a kill.
 */
class RealRunnerObserverTest {
  @TempDir Path root;

  private static TaskRunner run(FakeWorkDir work, String taskId, TaskConfig task) throws Exception {
    Path run = work.runDirectory(taskId);
    Path sandbox = run.resolve("sandbox");
    RunnerSettings settings = RunnerSettings.inSandbox(sandbox).withEscalationWait(Duration.ofSeconds(2));
    List<String> names = task.processes().stream().map(ProcessConfig::name).toList();
    CheckpointWriter writer = CheckpointWriter.create(Checkpoints.file(run, taskId), new CheckpointRecord.Header(
        Checkpoints.VERSION, taskId, System.currentTimeMillis(), "localhost", "me", "www-data", "prod",
        task.name(), 0, sandbox.toString(), settings.logDir().toString(), Map.of(),
        ProcessHandle.current().pid(), FakeWorkDir.config(task.name(), names)));
    TaskRunner runner = new TaskRunner(task, settings, writer, null);
    runner.start();
    return runner;
  }

  @Test
  void showsWhatTheRealRunnerRecorded() throws Exception {
    FakeWorkDir work = new FakeWorkDir(root);
    TaskRunner finished = run(work, "real-failed", TaskConfig.of("job",
        List.of(ProcessConfig.of("greet", "echo hello from greet; echo warning >&2").withMinDuration(0),
            ProcessConfig.of("flaky", "echo attempt; exit 3").withMinDuration(0).withMaxFailures(2)),
        List.of(new OrderConstraint(List.of("greet", "flaky")))));
    TaskOutcome outcome = finished.outcome().get(30, TimeUnit.SECONDS);
    assertThat(outcome.state()).isEqualTo(TaskState.FAILED);

    TaskRunner sleeping = run(work, "real-sleeper", TaskConfig.of("sleeper",
        List.of(ProcessConfig.of("sleep", "echo sleeping; exec sleep 60").withMinDuration(0)), List.of()));

    try (RunningObserver observer = RunningObserver.start(root)) {

      JsonNode task = observer.json("/j/task/real-failed");
      assertThat(task.path("status").asText()).isEqualTo("FINISHED");
      assertThat(task.path("state").asText()).isEqualTo("FAILED");
      assertThat(task.path("processes").path("greet").path("state").asText()).isEqualTo("SUCCESS");
      assertThat(task.path("processes").path("greet").path("return_code").asInt()).isZero();
      assertThat(task.path("processes").path("flaky").path("runs").asInt()).isEqualTo(2);
      assertThat(task.path("processes").path("flaky").path("return_code").asInt()).isEqualTo(3);

      String stdout = observer.ok("/logs/real-failed/greet/0/stdout");
      assertThat(stdout).contains("hello from greet");
      assertThat(observer.ok("/logs/real-failed/greet/0/stderr")).contains("warning");
      assertThat(observer.ok("/logs/real-failed/flaky/1/stdout")).contains("attempt");
      assertThat(observer.ok("/task/real-failed")).contains("FAILED", "flaky");

      // The sleeper is running: the observer shows its live pid.
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
          observer.json("/j/process/real-sleeper/sleep").path("state").asText()).isEqualTo("RUNNING"));
      long pid = observer.json("/j/process/real-sleeper/sleep").path("pid").asLong();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
      assertThat(observer.json("/j/task_ids").path("active").toString()).contains("real-sleeper");
      JsonNode used = observer.json("/j/task/real-sleeper").path("resources").path("used");
      assertThat(used.path("processes")).hasSize(1);
      assertThat(used.path("processes").get(0).path("pid").asLong()).isEqualTo(pid);
      assertThat(used.path("processes").get(0).path("ram_bytes").asLong()).isPositive();
      assertThat(used.path("ram_bytes").asLong()).isPositive();
      assertThat(observer.ok("/task/real-sleeper")).contains("Resident memory", "cores on average");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(observer.ok("/logs/real-sleeper/sleep/0/stdout")).contains("sleeping"));

      sleeping.kill("test is over");
      assertThat(sleeping.outcome().get(30, TimeUnit.SECONDS).state()).isEqualTo(TaskState.KILLED);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(observer.json("/j/task_ids").path("finished").toString()).contains("real-sleeper"));
      assertThat(observer.json("/j/process/real-sleeper/sleep").path("state").asText()).isEqualTo("KILLED");
    } finally {
      sleeping.forceKill("test cleanup");
    }
  }
}
