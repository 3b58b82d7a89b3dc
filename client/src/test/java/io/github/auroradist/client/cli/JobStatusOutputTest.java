package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.AuroraCliTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.storage.Op;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code aurora job status} reads the tasks without their configurations, and scripts parse its text: against a
 * real scheduler, its text is byte for byte what the whole tasks ({@code --write-json}, which still reads them
 * whole) give in the format it has always printed, for running, pending and killed tasks, hosts, ports and messages.
 */
class JobStatusOutputTest extends AgainstLoopbackCluster {
  private static final String KEY = "devcluster/www-data/devel/hello_world";

  @Test
  void theTextIsWhatTheWholeTasksGiveByteForByte() throws Exception {
    assertThat(aurora("job", "create", KEY, config("hello_world.aurora")).code()).isZero();
    assertThat(aurora("job", "add", KEY + "/0", "3").code()).isZero();
    // Instance 0 RUNNING on a host with two ports, instance 3 KILLED with a message (no Mesos master here takes
    // them there; a PENDING task that is killed is deleted).
    List<ScheduledTask> tasks = cluster.storage().read().tasksOf(new JobKey("www-data", "devel", "hello_world"));
    ScheduledTask first = tasks.stream().filter(t -> t.assignedTask().instanceId() == 0).findFirst().orElseThrow();
    ScheduledTask last = tasks.stream().filter(t -> t.assignedTask().instanceId() == 3).findFirst().orElseThrow();
    long now = System.currentTimeMillis();
    cluster.storage().write(new Op.SaveTasks(List.of(first
        .withAssignedTask(first.assignedTask().placed("agent-7", "host-7.example", Map.of("http", 31001,
            "admin", 31002)))
        .withStatus(ScheduleStatus.ASSIGNED, new TaskEvent(now + 1, ScheduleStatus.ASSIGNED, null, "s"))
        .withStatus(ScheduleStatus.RUNNING, new TaskEvent(now + 2, ScheduleStatus.RUNNING, "started", "s")),
        last.withStatus(ScheduleStatus.KILLED, new TaskEvent(now + 3, ScheduleStatus.KILLED,
            "not needed: too many", "s")))));

    for (String key : List.of(KEY, KEY + "/0,3", KEY + "/2")) {
      Result status = aurora("job", "status", key);
      assertThat(status.code()).as(status.err()).isZero();
      assertThat(status.err()).isEmpty();
      assertThat(status.out()).as(key).isEqualTo(text(key));
    }
    assertThat(aurora("job", "status", KEY).out()).contains(" on host-7.example", "ports: {admin=31002, http=31001}",
        "RUNNING: started", "KILLED: not needed: too many", "Active tasks (3):", "Inactive tasks (1):");
    Result none = aurora("job", "status", KEY + "/9");
    assertThat(none.code()).isZero();
    assertThat(none.out()).isEqualTo("No tasks found for job " + KEY + "/9\n");
  }

  /** The status text as it has always been printed, from the whole tasks that {@code --write-json} prints. */
  private static String text(String key) throws Exception {
    JsonNode job = new ObjectMapper().readTree(aurora("job", "status", key, "--write-json").out()).get(0);
    String[] parts = KEY.split("/", -1);
    StringBuilder out = new StringBuilder();
    for (String which : List.of("active", "inactive")) {
      out.append(which.equals("active") ? "Active" : "Inactive").append(" tasks (").append(job.get(which).size())
          .append("):\n");
      for (JsonNode t : job.get(which)) {
        JsonNode a = t.get("assignedTask");
        JsonNode r = a.get("task").get("resources");
        out.append("  Task role: ").append(parts[1]).append(", env: ").append(parts[2]).append(", name: ")
            .append(parts[3]).append(", instance: ").append(a.get("instanceId").asInt()).append(", status: ")
            .append(t.get("status").asText())
            .append(a.get("agentHost").isNull() ? "" : " on " + a.get("agentHost").asText()).append('\n');
        out.append("    id: ").append(a.get("taskId").asText()).append('\n');
        out.append("    cpus: ").append(r.get("cpu").asDouble()).append(", ram: ").append(r.get("ramMb").asLong())
            .append(" MB, disk: ").append(r.get("diskMb").asLong()).append(" MB\n");
        if (!a.get("assignedPorts").isEmpty()) {
          Map<String, Integer> ports = new TreeMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = a.get("assignedPorts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            ports.put(p.getKey(), p.getValue().asInt());
          }
          out.append("    ports: ").append(ports).append('\n');
        }
        out.append("    events:\n");
        for (JsonNode e : t.get("taskEvents")) {
          out.append("     ").append(Instant.ofEpochMilli(e.get("timestamp").asLong())).append(' ')
              .append(e.get("status").asText())
              .append(e.get("message").isNull() ? "" : ": " + e.get("message").asText()).append('\n');
        }
      }
    }
    return job.get("active").isEmpty() && job.get("inactive").isEmpty() ? "No tasks found for job " + key + "\n"
        : out.toString();
  }
}
