package io.github.auroradist.emulator.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.resources.Attributes;
import io.github.auroradist.emulator.resources.ResourceSet;
import java.net.URI;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;

/** The agent's {@code /state}: JSON close to Mesos's. */
final class AgentStateJson {
  private final AgentState state;
  private final MasterSession master;

  AgentStateJson(AgentState state, MasterSession master) {
    this.state = state;
    this.master = master;
  }

  ObjectNode render() {
    AgentConfig config = state.config;
    URI masterUri = master.master().orElse(null);
    synchronized (state) {
      ObjectNode root = ProtoJson.MAPPER.createObjectNode();
      root.put("version", AgentProtocol.MESOS_VERSION);
      root.put("id", state.agentId == null ? "" : state.agentId);
      root.put("pid", "slave(1)@" + config.advertiseIp() + ":" + state.port);
      root.put("hostname", config.hostname());
      root.set("resources", config.resources().toJson());
      root.set("attributes", Attributes.toJson(config.attributes()));
      root.put("master_hostname", masterUri == null ? "" : masterUri.getHost());
      ObjectNode flags = root.putObject("flags");
      flags.put("work_dir", config.workDir().toString());
      flags.put("port", String.valueOf(state.port));
      flags.put("master", config.master());
      flags.put("hostname", config.hostname());
      flags.put("executor_shutdown_grace_period", MesosDuration.format(config.executorShutdownGracePeriod()));
      ArrayNode fws = root.putArray("frameworks");
      for (FrameworkInfo fi : state.frameworks.values()) {
        ObjectNode f = fws.addObject();
        f.put("id", fi.getId().getValue());
        f.put("name", fi.getName());
        f.put("user", fi.getUser());
        ArrayNode execs = f.putArray("executors");
        ArrayNode done = f.putArray("completed_executors");
        for (ExecutorRun run : state.executors.values()) {
          if (run.frameworkId.equals(fi.getId())) {
            execs.add(executorJson(run));
          }
        }
        for (ExecutorRun run : state.completedExecutors) {
          if (run.frameworkId.equals(fi.getId())) {
            done.add(executorJson(run));
          }
        }
      }
      root.putArray("completed_frameworks");
      return root;
    }
  }

  private ObjectNode executorJson(ExecutorRun run) {
    ObjectNode e = ProtoJson.MAPPER.createObjectNode();
    e.put("id", run.executorId());
    e.put("name", run.info.getName());
    // Mesos deprecated ExecutorInfo.source, yet agents still report it in /state and tools read it.
    @SuppressWarnings("deprecation")
    String source = run.info.getSource();
    e.put("source", source);
    e.put("container", run.containerId);
    e.put("directory", run.directory.toString());
    e.put("state", run.state.name());
    e.put("pid", run.process == null ? 0 : run.process.pid());
    e.set("resources", ResourceSet.of(run.info.getResourcesList()).toJson());
    e.set("tasks", tasksJson(run, run.launched));
    e.set("queued_tasks", tasksJson(run, run.queued));
    e.set("completed_tasks", tasksJson(run, run.completed));
    return e;
  }

  private ArrayNode tasksJson(ExecutorRun run, Map<String, TaskInfo> tasks) {
    ArrayNode list = ProtoJson.MAPPER.createArrayNode();
    for (TaskInfo task : tasks.values()) {
      ObjectNode t = list.addObject();
      t.put("id", task.getTaskId().getValue());
      t.put("name", task.getName());
      t.put("framework_id", run.frameworkId.getValue());
      t.put("executor_id", run.executorId());
      t.put("slave_id", state.agentId);
      t.put("state", run.states.getOrDefault(task.getTaskId().getValue(), TaskState.TASK_STAGING).name());
      t.set("resources", ResourceSet.of(task.getResourcesList()).toJson());
    }
    return list;
  }
}
