package io.github.auroradist.emulator.agent;

import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What an agent holds: its id, the frameworks and executor runs on it, and the status updates not yet
 * acknowledged. Its monitor is the agent's one lock: hold it to read or change any of this, and
 * never while starting processes or talking HTTP.
 */
final class AgentState {
  private static final int MAX_COMPLETED_EXECUTORS = 200;

  final AgentConfig config;
  /** The HTTP port, once bound. */
  int port;
  /** The id the master gave, or null while unregistered. */
  String agentId;
  final Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();
  /** Live runs by {@link #key framework/executor id}. */
  final Map<String, ExecutorRun> executors = new LinkedHashMap<>();
  final List<ExecutorRun> completedExecutors = new ArrayList<>();
  /** Status updates not yet acknowledged, by {@link #key framework/task id}, oldest first. */
  final Map<String, Deque<TaskStatus>> unacknowledged = new LinkedHashMap<>();

  AgentState(AgentConfig config) {
    this.config = config;
  }

  static String key(String frameworkId, String id) {
    return frameworkId + "/" + id;
  }

  /** The live run of the executor, or null. */
  ExecutorRun run(String frameworkId, String executorId) {
    return executors.get(key(frameworkId, executorId));
  }

  /** The framework's info, or the default instance when the agent does not know it. */
  FrameworkInfo framework(String frameworkId) {
    return frameworks.getOrDefault(frameworkId, FrameworkInfo.getDefaultInstance());
  }

  List<ExecutorRun> runs() {
    return new ArrayList<>(executors.values());
  }

  /** Moves a run that ended to the completed ones (the oldest go first). */
  void retire(ExecutorRun run) {
    String k = key(run.frameworkId.getValue(), run.executorId());
    if (executors.get(k) == run) {
      executors.remove(k);
    }
    completedExecutors.add(run);
    if (completedExecutors.size() > MAX_COMPLETED_EXECUTORS) {
      completedExecutors.remove(0);
    }
  }

  /** Where the master and executors reach this agent. */
  URI endpoint() {
    return URI.create("http://" + config.advertiseIp() + ":" + port);
  }

  AgentInfo agentInfo() {
    AgentInfo.Builder b = AgentInfo.newBuilder().setHostname(config.hostname()).setPort(port)
        .addAllResources(config.resources().toProtos(null)).addAllAttributes(config.attributes());
    if (agentId != null) {
      b.setId(AgentID.newBuilder().setValue(agentId));
    }
    return b.build();
  }
}
