package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor reads its task, binds it, writes its checkpoint and reports RUNNING without loading a class of
 * jackson-databind or jackson-annotations (their ~530 classes cost it about 8 MB of resident memory; issue 17).
 * The real main runs in a child JVM with {@code -Xlog:class+load}, subscribes to a loopback agent and is given a
 * task in the scheduler's format, as {@link LaunchBenchmark} does.
 */
class NoDatabindOnLaunchTest {
  @TempDir Path runDir;

  @Test
  void launchLoadsNoDatabindClass() throws Exception {
    Path classLog = runDir.resolve("class-load.log");
    try (FakeAgent agent = new FakeAgent()) {
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xlog:class+load:file=" + classLog, "-cp", System.getProperty("java.class.path"),
          ThermosExecutorMain.class.getName(), "--nosetuid")
          .redirectErrorStream(true).redirectOutput(runDir.resolve("executor.log").toFile());
      Map<String, String> env = pb.environment();
      agent.putExecutorVariables(env, runDir);
      Process executor = pb.start();
      try {
        assertThat(agent.subscribed.await(60, TimeUnit.SECONDS)).as("the executor subscribed").isTrue();
        String data = "{\"taskId\": \"t-1\", \"instanceId\": 0, \"role\": \"r\", \"environment\": \"test\","
            + " \"jobName\": \"j\", \"assignedPorts\": {\"http\": 31555}, \"executorData\": "
            + "\"{\\\"task\\\": {\\\"name\\\": \\\"t\\\", \\\"processes\\\": [{\\\"name\\\": \\\"sleep\\\","
            + " \\\"cmdline\\\": \\\"echo {{thermos.ports[http]}}; exec sleep 600\\\"}]}}\"}";
        agent.launch("t-1", data.getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.states().contains(Protos.TaskState.TASK_RUNNING));
        agent.kill("t-1");
        assertThat(executor.waitFor(60, TimeUnit.SECONDS)).as("the executor exited after the kill").isTrue();
      } finally {
        executor.destroyForcibly();
      }
    }
    List<String> loaded = Files.readAllLines(classLog, StandardCharsets.UTF_8);
    assertThat(loaded).as("classes loaded").anyMatch(l -> l.contains(ThermosExecutorMain.class.getName() + " "))
        .anyMatch(l -> l.contains("com.fasterxml.jackson.core.JsonFactory "));
    assertThat(loaded.stream().filter(l -> l.contains("com.fasterxml.jackson.databind.")
        || l.contains("com.fasterxml.jackson.annotation."))).as("databind classes loaded").isEmpty();
  }
}
