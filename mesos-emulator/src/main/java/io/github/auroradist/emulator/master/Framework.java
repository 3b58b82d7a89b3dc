package io.github.auroradist.emulator.master;

import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.resources.ResourceSet;
import io.github.auroradist.mesos.http.MesosContentType;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** A framework as the master keeps it: its stream, tasks, filters and unacknowledged updates. */
final class Framework {
  private static final int MAX_COMPLETED_TASKS = 1000;

  /** A decline's filter: the agent's resources are not offered again to this framework until then. */
  record Filter(ResourceSet resources, Instant until) {}

  final FrameworkID id;
  FrameworkInfo info;
  EventStream stream;
  String streamId;
  MesosContentType contentType = MesosContentType.JSON;
  boolean suppressed;
  ScheduledFuture<?> failoverTimer;
  Instant registeredTime;
  Instant unregisteredTime;
  /** Decline filters by agent id. */
  final Map<String, Filter> filters = new LinkedHashMap<>();
  final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
  final Map<String, TaskState> unreachableTasks = new LinkedHashMap<>();
  final Deque<TaskRecord> completedTasks = new ArrayDeque<>();
  /** Updates waiting for an acknowledgement, per task id, oldest first. */
  final Map<String, Deque<PendingUpdate>> pendingUpdates = new LinkedHashMap<>();

  Framework(FrameworkID id) {
    this.id = id;
  }

  boolean partitionAware() {
    return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
  }

  boolean hasCapability(FrameworkInfo.Capability.Type type) {
    return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
  }

  /** MULTI_ROLE frameworks get allocation_info on offered resources. */
  String allocationRole() {
    if (!hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE)) {
      return null;
    }
    return info.getRolesCount() > 0 ? info.getRoles(0) : "*";
  }

  @SuppressWarnings("deprecation")
  String legacyRole() {
    return info.hasRole() ? info.getRole() : "*";
  }

  byte[] encode(Event event) {
    return contentType.encode(event);
  }

  /** Sends an event when the framework is connected (encoded on the stream's thread); drops it otherwise. */
  void send(Event event) {
    EventStream s = stream;
    if (s != null) {
      MesosContentType type = contentType;
      s.send(() -> type.encode(event));
    }
  }

  void cancelFailoverTimer() {
    if (failoverTimer != null) {
      failoverTimer.cancel(false);
      failoverTimer = null;
    }
  }

  /** Keeps a task that ended among the completed ones (the oldest go first). */
  void archive(TaskRecord task) {
    completedTasks.addLast(task);
    while (completedTasks.size() > MAX_COMPLETED_TASKS) {
      completedTasks.pollFirst();
    }
  }
}
