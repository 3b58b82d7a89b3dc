package io.github.auroradist.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.keys.TaskInstanceKey;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aurora job status KEY[/INSTANCES]}: the job's tasks, active then inactive. */
@Command(name = "status", description = "Show the tasks of a job.")
final class JobStatusCommand extends SchedulerCommand {
  @Option(names = "--write-json", description = "Print the tasks as JSON.")
  boolean writeJson;

  @Parameters(index = "0", paramLabel = "CLUSTER/ROLE/ENV/NAME[/INSTANCES]",
      converter = KeyConverters.TaskInstanceKeyConverter.class)
  TaskInstanceKey key;

  @Override
  int run() throws Exception {
    SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(key.job().cluster()));
    // The text needs only status fields, so it reads the tasks without their configurations (far fewer bytes for a
    // large job); --write-json prints whole tasks, as it always has.
    List<ScheduledTask> tasks = (writeJson ? scheduler.tasks(key.job().jobKey(), key.instances(), null)
        : scheduler.tasksWithoutConfigs(key.job().jobKey(), key.instances(), null)).stream()
        .sorted(Comparator.comparingInt((ScheduledTask t) -> t.assignedTask().instanceId())
            .thenComparingLong(ScheduledTask::latestEventTime))
        .toList();
    List<ScheduledTask> active = tasks.stream().filter(t -> t.status().isActive()).toList();
    List<ScheduledTask> inactive = tasks.stream().filter(t -> !t.status().isActive()).toList();
    if (writeJson) {
      ObjectMapper json = ModelJson.mapper();
      ArrayNode all = json.createArrayNode();
      ObjectNode entry = all.addObject();
      entry.put("job", key.job().toString());
      entry.set("active", json.valueToTree(active));
      entry.set("inactive", json.valueToTree(inactive));
      out().println(json.writeValueAsString(all));
      return ExitCodes.OK;
    }
    if (tasks.isEmpty()) {
      out().println("No tasks found for job " + key);
      return ExitCodes.OK;
    }
    out().println("Active tasks (" + active.size() + "):");
    active.forEach(this::describe);
    out().println("Inactive tasks (" + inactive.size() + "):");
    inactive.forEach(this::describe);
    return ExitCodes.OK;
  }

  private void describe(ScheduledTask t) {
    var a = t.assignedTask();
    var r = a.task().resources();
    out().println("  Task role: " + key.job().role() + ", env: " + key.job().environment()
        + ", name: " + key.job().name() + ", instance: " + a.instanceId() + ", status: "
        + t.status() + (a.agentHost() == null ? "" : " on " + a.agentHost()));
    out().println("    id: " + a.taskId());
    out().println("    cpus: " + r.cpu() + ", ram: " + r.ramMb() + " MB, disk: " + r.diskMb() + " MB");
    if (a.assignedPorts() != null && !a.assignedPorts().isEmpty()) {
      out().println("    ports: " + new TreeMap<>(a.assignedPorts()));
    }
    out().println("    events:");
    for (TaskEvent e : t.taskEvents()) {
      out().println("     " + Instant.ofEpochMilli(e.timestamp()) + " " + e.status()
          + (e.message() == null ? "" : ": " + e.message()));
    }
  }
}
