package io.github.auroradist.executor;

import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.common.thermos.config.TaskInstanceConfig;
import io.github.auroradist.executor.runner.RunnerListener;
import io.github.auroradist.executor.runner.RunnerSettings;
import io.github.auroradist.executor.runner.TaskOutcome;
import io.github.auroradist.executor.runner.TaskRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * {@code thermos_executor --self-test}: runs a small task in a temporary sandbox the way a real
 * launch does (binding, checkpoint, setsid, logs, protobuf status), so an operator can check a
 * worker, and so a class-data-sharing archive can be recorded from a realistic run.
 */
final class SelfTest {
  private SelfTest() {}

  static int run(PrintStream out) throws Exception {
    Path runDir = Files.createTempDirectory("thermos-self-test");
    try {
      String json = "{\"role\": \"self\", \"environment\": \"test\", \"name\": \"self_test\", \"task\": {"
          + "\"name\": \"self_test\", \"finalization_wait\": 5,"
          + " \"constraints\": [{\"order\": [\"first\", \"second\"]}],"
          + " \"processes\": [{\"name\": \"first\", \"cmdline\": \"echo {{thermos.task_id}} > first.out\"},"
          + " {\"name\": \"second\", \"cmdline\": \"test -s first.out\"}]}}";
      // Read and bound as a launch reads TaskInfo.data (the bare Thermos shape), so the archive holds those classes.
      BoundTask bound = BoundTask.bind(LaunchedTask.parse(json.getBytes(StandardCharsets.UTF_8), "self-test",
          "localhost"), "self");
      TaskInstanceConfig config = bound.config();
      Path sandbox = Files.createDirectories(runDir.resolve("sandbox"));
      Path file = Checkpoints.file(runDir, "self-test");
      TaskRunner runner;
      try (CheckpointWriter writer = CheckpointWriter.create(file, new CheckpointRecord.Header(Checkpoints.VERSION,
          "self-test", System.currentTimeMillis(), "localhost", "self", "self", "test", "self_test", 0,
          sandbox.toString(), sandbox.resolve(".logs").toString(), Map.of(), ProcessHandle.current().pid(),
          bound.tree()))) {
        runner = new TaskRunner(config.task(), RunnerSettings.inSandbox(sandbox), writer, RunnerListener.NONE);
        runner.start();
        TaskOutcome outcome = runner.outcome().get(60, TimeUnit.SECONDS);
        if (outcome.state() != TaskState.SUCCESS) {
          out.println("self-test FAILED: " + outcome.message());
          return 1;
        }
      }
      TaskCheckpoint checkpoint = Checkpoints.readStreaming(file);
      // Encode and decode what the executor API carries, as a launch would.
      Protos.TaskStatus status = Protos.TaskStatus.newBuilder()
          .setTaskId(Protos.TaskID.newBuilder().setValue("self-test"))
          .setState(Protos.TaskState.TASK_FINISHED).setMessage(checkpoint.state().name()).build();
      Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
      if (!Event.parseFrom(heartbeat.toByteArray()).equals(heartbeat)
          || !Protos.TaskStatus.parseFrom(status.toByteArray()).equals(status)) {
        out.println("self-test FAILED: executor API messages change when encoded and decoded");
        return 1;
      }
      out.println("self-test passed: ran 2 processes in order with setsid in " + sandbox
          + ", checkpoint replayed " + checkpoint.records() + " records");
      return 0;
    } finally {
      deleteTree(runDir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
