package io.github.auroradist.emulator.agent;

import io.github.auroradist.emulator.containers.Container;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.mesos.http.MesosContentType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Event;

/** One run (container) of an executor on this agent, with the tasks it holds. Guarded by the agent. */
final class ExecutorRun {
  enum State { LAUNCHING, RUNNING, TERMINATING, TERMINATED }

  final FrameworkID frameworkId;
  final ExecutorInfo info;
  final String containerId;
  final Path directory;
  /** True for a task without an executor: the agent runs its command and reports for it. */
  final boolean commandTask;
  State state = State.LAUNCHING;
  Process process;
  EventStream stream;
  MesosContentType streamType = MesosContentType.JSON;
  final Map<String, TaskInfo> queued = new LinkedHashMap<>();
  final Map<String, TaskInfo> launched = new LinkedHashMap<>();
  final Map<String, TaskState> states = new LinkedHashMap<>();
  final Map<String, TaskInfo> completed = new LinkedHashMap<>();
  ScheduledFuture<?> registrationTimer;
  boolean registrationTimedOut;
  boolean killRequested;
  /** Set when the framework went away: no more status updates for these tasks. */
  boolean frameworkGone;
  Integer exitStatus;
  /** What the run's process runs in; null until prepared. */
  Container container;
  /** Polls the container's cgroup for the OOM killer; null without memory isolation. */
  ScheduledFuture<?> limitWatch;
  /** The limitation (memory) that ended the container, as Mesos words it; null when none did. */
  String limitation;

  ExecutorRun(FrameworkID frameworkId, ExecutorInfo info, String containerId, Path directory, boolean commandTask) {
    this.frameworkId = frameworkId;
    this.info = info;
    this.containerId = containerId;
    this.directory = directory;
    this.commandTask = commandTask;
  }

  String executorId() {
    return info.getExecutorId().getValue();
  }

  boolean holds(String taskId) {
    return queued.containsKey(taskId) || launched.containsKey(taskId);
  }

  /** Sends an event to the executor when it is subscribed; false when it is not. */
  boolean send(Event event) {
    EventStream s = stream;
    if (s == null) {
      return false;
    }
    s.send(streamType.encode(event));
    return true;
  }

  /** Takes the stream away (the caller closes it outside the agent's lock); null when there is none. */
  EventStream detachStream() {
    EventStream s = stream;
    stream = null;
    return s;
  }
}
