package io.github.auroradist.scheduler.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.testing.StateReader;
import io.github.auroradist.scheduler.testing.Http;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's state as the leader and the Mesos master report it, for one role: its jobs, their active tasks,
 * their updates, and the tasks Mesos runs.
 */
record ClusterState(Map<String, Job> jobs, Map<String, List<Task>> activeTasks, Map<String, String> updates,
    Map<String, String> taskInstances, List<String> runningInMesos) {

  /** A stored job configuration: instance count and executor data. */
  record Job(int instances, String data) {
  }

  record Task(int instance, String id, String status, String data) {
  }

  static final String ACTIVE_UPDATES = "ROLLING_FORWARD,ROLL_FORWARD_PAUSED,ROLL_FORWARD_AWAITING_PULSE,"
      + "ROLLING_BACK,ROLL_BACK_PAUSED,ROLL_BACK_AWAITING_PULSE";

  static ClusterState read(Http leader, String role, URI mesosMaster) throws Exception {
    Map<String, Job> jobs = new TreeMap<>();
    for (JsonNode j : ok(leader.get("/api/jobs?role=" + role)).get("jobs")) {
      jobs.put(j.path("key").path("name").asText(), new Job(j.path("instanceCount").asInt(),
          j.path("taskConfig").path("executorConfig").path("data").asText()));
    }
    Map<String, List<Task>> active = new TreeMap<>();
    for (JsonNode t : ok(leader.get("/api/tasks?role=" + role + "&statuses=ACTIVE")).get("tasks")) {
      JsonNode a = t.path("assignedTask");
      active.computeIfAbsent(a.path("task").path("job").path("name").asText(), k -> new ArrayList<>())
          .add(new Task(a.path("instanceId").asInt(), a.path("taskId").asText(), t.path("status").asText(),
              a.path("task").path("executorConfig").path("data").asText()));
    }
    Map<String, String> taskInstances = new TreeMap<>();
    for (JsonNode t : ok(leader.get("/api/tasks?role=" + role)).get("tasks")) {
      JsonNode a = t.path("assignedTask");
      taskInstances.put(a.path("taskId").asText(), a.path("task").path("job").path("name").asText() + "/"
          + a.path("instanceId").asInt());
    }
    Map<String, String> updates = new TreeMap<>();
    for (JsonNode u : ok(leader.get("/api/updates?role=" + role)).get("updates")) {
      updates.put(u.path("key").path("id").asText(), u.path("state").path("status").asText());
    }
    List<String> running = new ArrayList<>();
    for (JsonNode f : StateReader.state(mesosMaster).path("frameworks")) {
      for (JsonNode t : f.path("tasks")) {
        if (t.path("state").asText().equals("TASK_RUNNING")) {
          running.add(t.path("id").asText());
        }
      }
    }
    running.sort(null);
    return new ClusterState(jobs, active, updates, taskInstances, running);
  }

  private static JsonNode ok(Http.Reply reply) {
    if (reply.status() != 200) {
      throw new IllegalStateException("leader answered " + reply.status() + ": " + reply.body());
    }
    return reply.json();
  }

  List<Task> active(String job) {
    return activeTasks.getOrDefault(job, List.of());
  }

  /** True when the job's active tasks are instances 0 to n-1, one task each, all RUNNING. */
  boolean runsExactly(String job, int instances) {
    List<Task> tasks = active(job);
    return tasks.size() == instances && tasks.stream().allMatch(t -> t.status().equals("RUNNING"))
        && tasks.stream().map(Task::instance).distinct().count() == instances
        && tasks.stream().allMatch(t -> t.instance() >= 0 && t.instance() < instances);
  }

  /** Job instances ("job/instance") that Mesos runs more than one task of. */
  Map<String, List<String>> runningTwiceInMesos() {
    Map<String, List<String>> byInstance = new TreeMap<>();
    for (String id : runningInMesos) {
      byInstance.computeIfAbsent(taskInstances.getOrDefault(id, "unknown task " + id), k -> new ArrayList<>())
          .add(id);
    }
    byInstance.values().removeIf(ids -> ids.size() < 2);
    return byInstance;
  }

  /** The ids of the tasks the scheduler has RUNNING. */
  List<String> runningInScheduler() {
    return activeTasks.values().stream().flatMap(List::stream).filter(t -> t.status().equals("RUNNING"))
        .map(Task::id).sorted().toList();
  }

  /** What must survive a restart of every scheduler: jobs, active tasks and updates (not Mesos's view). */
  String durable() {
    return "jobs " + jobs + "\nactive tasks " + activeTasks + "\nupdates " + updates;
  }
}
