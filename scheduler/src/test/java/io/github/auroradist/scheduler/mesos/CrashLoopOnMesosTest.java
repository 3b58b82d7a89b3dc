package io.github.auroradist.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.ScriptedExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance whose process exits at once, before its task ever runs, on the Mesos emulator with real executor
 * processes: its replacements wait THROTTLED, longer each time, instead of being launched again and again.
 */
class CrashLoopOnMesosTest {
  private static final String USER = System.getProperty("user.name");

  @TempDir
  Path dir;

  /** The job's tasks, oldest first, as the scheduler reports them. */
  private static List<JsonNode> tasks(Http http) {
    List<JsonNode> out = new ArrayList<>();
    http.get("/api/tasks?role=" + USER + "&environment=devel&name=crashes").json().get("tasks").forEach(out::add);
    out.sort(Comparator.comparingLong(CrashLoopOnMesosTest::createdAt));
    return out;
  }

  private static long createdAt(JsonNode task) {
    return task.get("taskEvents").get(0).get("timestamp").asLong();
  }

  /** The time of the task's first event in {@code status}. */
  private static long at(JsonNode task, String status) {
    for (JsonNode e : task.get("taskEvents")) {
      if (e.get("status").asText().equals(status)) {
        return e.get("timestamp").asLong();
      }
    }
    throw new AssertionError("no " + status + " event in " + task);
  }

  @Test
  void anInstanceWhoseProcessExitsAtOnceIsThrottledLongerEachTime() throws Exception {
    try (EmulatorCluster cluster = EmulatorCluster.builder(dir.resolve("mesos")).standardAgents().start();
        Scheduler scheduler = SchedulerFixture.start(SchedulerFixture.settings(SchedulerFixture.initializedLog(dir),
            Ports.free(), cluster.masterUri().toString(), "-thermos_executor_path=" + ScriptedExecutor.command(),
            "-thermos_executor_cpu=0.1", "-thermos_executor_ram=32MB", "-initial_flapping_task_delay=1secs",
            "-max_flapping_task_delay=4secs"))) {
      Http http = new Http(scheduler.httpPort());
      assertThat(http.post("/api/jobs", """
          {"key": {"role": "%s", "environment": "devel", "name": "crashes"}, "instanceCount": 1,
           "taskConfig": {"isService": true,
             "resources": {"cpu": 0.2, "ramMb": 32, "diskMb": 16},
             "executorConfig": {"name": "AuroraExecutor", "data": "exit"}}}
          """.formatted(USER)).status()).isEqualTo(201);

      // Four replacements, the last of them placed after its back-off: 1 + 2 + 4 + 4 s at least.
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
        List<JsonNode> tasks = tasks(http);
        return tasks.size() >= 5 && tasks.get(4).get("taskEvents").toString().contains("\"PENDING\"");
      });
      List<JsonNode> tasks = tasks(http);
      http.post("/api/jobs/" + USER + "/devel/crashes/kill", "");
      List<Long> waited = new ArrayList<>();
      List<String> why = new ArrayList<>();
      for (JsonNode replacement : tasks.subList(1, 5)) {
        JsonNode first = replacement.get("taskEvents").get(0);
        assertThat(first.get("status").asText()).as("a replacement of a task that never ran").isEqualTo("THROTTLED");
        why.add(first.get("message").asText());
        waited.add(at(replacement, "PENDING") - at(replacement, "THROTTLED"));
      }
      assertThat(why).allSatisfy(m -> assertThat(m).contains("it flapped"));
      assertThat(why.get(0)).endsWith("waits 1s");
      assertThat(why.get(1)).endsWith("waits 2s");
      assertThat(why.get(2)).endsWith("waits 4s");
      assertThat(why.get(3)).endsWith("waits 4s");
      assertThat(waited.get(0)).isGreaterThanOrEqualTo(1000);
      assertThat(waited.get(1)).isGreaterThanOrEqualTo(2000);
      assertThat(waited.get(2)).isGreaterThanOrEqualTo(4000);
      assertThat(waited.get(3)).isGreaterThanOrEqualTo(4000);
      // So the fifth task was created no sooner than 7 s after the first (1 + 2 + 4 s of back-off between them).
      assertThat(createdAt(tasks.get(4)) - createdAt(tasks.get(0))).isGreaterThanOrEqualTo(7000);
      for (JsonNode ended : tasks.subList(0, 4)) {
        assertThat(ended.get("status").asText()).isEqualTo("FAILED");
        assertThat(ended.get("taskEvents").toString()).doesNotContain("\"RUNNING\"");
      }
    }
  }
}
