package io.github.auroradist.observer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.observer.discovery.ObservedTask;
import io.github.auroradist.observer.resources.AllocatedResources;
import io.github.auroradist.observer.resources.ResourceUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of {@code /j/...} (documented in docs/observer.md). Field names follow the
 * checkpoint format (snake_case); fields that do not apply are left out, never null.
 */
final class JsonViews {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonViews() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static String pretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static Map<String, Object> task(ObservedTask task, ResourceUsage usage) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task_id", task.taskId());
    m.put("status", task.status().name());
    var loc = task.location();
    m.put("agent_id", loc.agentId());
    m.put("framework_id", loc.frameworkId());
    m.put("executor_id", loc.executorId());
    m.put("run_id", loc.runId());
    m.put("checkpoint", loc.checkpointFile().toString());
    if (task.error() != null) {
      m.put("error", task.error());
      return m;
    }
    TaskCheckpoint c = task.checkpoint();
    CheckpointRecord.Header h = c.header();
    put(m, "state", c.state());
    c.stateTimeMs().ifPresent(t -> m.put("state_time_ms", t));
    m.put("launch_time_ms", h.launchTimeMs());
    put(m, "user", h.user());
    put(m, "role", h.role());
    put(m, "environment", h.environment());
    put(m, "job_name", h.jobName());
    put(m, "instance", h.instance());
    put(m, "hostname", h.hostname());
    m.put("ports", h.ports());
    put(m, "executor_pid", h.executorPid());
    put(m, "sandbox", h.sandbox());
    put(m, "log_dir", h.logDir());
    m.put("records", c.records());
    m.put("torn_tail", c.tornTail());
    List<Map<String, Object>> history = new ArrayList<>();
    for (CheckpointRecord.TaskStatus s : c.history()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("state", s.state());
      e.put("time_ms", s.timeMs());
      put(e, "message", s.message());
      history.add(e);
    }
    m.put("state_history", history);
    Map<String, Object> processes = new LinkedHashMap<>();
    c.processes().forEach((name, runs) -> {
      Map<String, Object> p = runs.isEmpty() ? new LinkedHashMap<>() : run(runs.get(runs.size() - 1));
      if (runs.isEmpty()) {
        p.put("process_name", name);
      }
      p.put("runs", runs.size());
      processes.put(name, p);
    });
    m.put("processes", processes);
    m.put("resources", resources(c, usage));
    return m;
  }

  /** {@code allocated} from the task configuration, {@code used} sampled now. */
  static Map<String, Object> resources(TaskCheckpoint c, ResourceUsage usage) {
    Map<String, Object> r = new LinkedHashMap<>();
    Map<String, Object> allocated = new LinkedHashMap<>();
    AllocatedResources asked = AllocatedResources.of(c);
    put(allocated, "cpu", asked.cpu());
    put(allocated, "ram_bytes", asked.ramBytes());
    put(allocated, "disk_bytes", asked.diskBytes());
    r.put("allocated", allocated);
    if (usage != null) {
      Map<String, Object> used = new LinkedHashMap<>();
      used.put("cpu_secs", round(usage.cpuSeconds()));
      used.put("cpu_cores_avg", round(usage.processes().stream()
          .mapToDouble(ResourceUsage.ProcessUsage::averageCpu).sum()));
      used.put("ram_bytes", usage.rssBytes());
      put(used, "disk_bytes", usage.sandboxBytes());
      used.put("disk_partial", usage.sandboxPartial());
      List<Map<String, Object>> processes = new ArrayList<>();
      for (ResourceUsage.ProcessUsage p : usage.processes()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("process_name", p.process());
        e.put("process_run", p.run());
        e.put("pid", p.pid());
        e.put("processes", p.processCount());
        e.put("cpu_secs", round(p.cpuSeconds()));
        e.put("cpu_cores_avg", round(p.averageCpu()));
        e.put("ram_bytes", p.rssBytes());
        processes.add(e);
      }
      used.put("processes", processes);
      r.put("used", used);
    }
    return r;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** One run of a process, as {@code /j/process} returns it (Aurora's names where it has them). */
  static Map<String, Object> run(ProcessRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("process_name", r.process());
    m.put("process_run", r.run());
    m.put("state", r.state());
    put(m, "pid", r.pid());
    put(m, "fork_time_ms", r.forkTimeMs());
    put(m, "start_time_ms", r.startTimeMs());
    put(m, "stop_time_ms", r.stopTimeMs());
    put(m, "return_code", r.returnCode());
    put(m, "message", r.message());
    return m;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
