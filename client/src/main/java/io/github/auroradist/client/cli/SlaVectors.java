package io.github.auroradist.client.cli;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Job SLA figures computed on the client from task events, as Aurora's client computes them: an instance's uptime
 * is the time since its task first went STARTING; the up count is the share of instances up at least a duration;
 * a probe predicts a job's up count with some hosts down.
 */
final class SlaVectors {
  /** The states Aurora's SLA queries ask for: the live states and STARTING. */
  static final String LIVE_STATES = "STARTING,RUNNING,KILLING,PREEMPTING,RESTARTING,DRAINING,PARTITIONED";

  /** The time uptimes are measured to; tests fix it. */
  static volatile java.util.function.LongSupplier clock = System::currentTimeMillis;

  private SlaVectors() {}

  /** Uptime in whole seconds by instance, of the tasks that have started. */
  static List<Long> uptimes(Collection<ScheduledTask> tasks, long nowMillis) {
    List<Long> out = new ArrayList<>();
    Map<Integer, Long> byInstance = new HashMap<>();
    for (ScheduledTask t : tasks) {
      for (TaskEvent e : t.taskEvents()) {
        if (e.status() == ScheduleStatus.STARTING) {
          byInstance.put(t.assignedTask().instanceId(), Math.floorDiv(nowMillis - e.timestamp(), 1000L));
          break;
        }
      }
    }
    out.addAll(byInstance.values());
    out.sort(null);
    return out;
  }

  /** Percentage of {@code total} (the started tasks when null) up at least {@code durationSecs}. */
  static double upCount(List<Long> uptimes, long durationSecs, Integer total) {
    int of = total == null || total == 0 ? uptimes.size() : total;
    long above = uptimes.stream().filter(u -> u >= durationSecs).count();
    return of == 0 ? 0 : 100.0 * above / of;
  }

  /** The uptime at a percentile in (0, 100): {@code p}% of instances have been up at least this long; null: none. */
  static Long uptimeAt(List<Long> uptimes, double percentile) {
    int total = uptimes.size();
    int index = total - (int) Math.floor(percentile / 100.0 * total) - 1;
    return index >= 0 && index < total ? uptimes.get(index) : null;
  }

  /** Seconds until the job is back at {@code percentage} (0 when it is, null when it never can be). */
  static Long waitToSla(List<Long> uptimes, double percentage, long durationSecs, int total) {
    if (upCount(uptimes, durationSecs, total) >= percentage) {
      return 0L;
    }
    int index = uptimes.size() - (int) Math.ceil(total * percentage / 100.0);
    return index < 0 || index >= uptimes.size() ? null : durationSecs - uptimes.get(index);
  }

  /** A job's predicted SLA with some hosts down. */
  record Prediction(JobKey job, double percentage, boolean safe, Long safeInSecs, long durationSecs) {}

  /** The live tasks of a cluster grouped by job, and which jobs run on which host. */
  static final class Domain {
    private final Map<JobKey, List<ScheduledTask>> jobs = new TreeMap<>(
        java.util.Comparator.comparing(JobKey::path));
    private final long nowMillis;

    /** Only jobs with at least {@code minInstances} live tasks count, as Aurora's --min_job_instance_count. */
    Domain(Collection<ScheduledTask> tasks, int minInstances, long nowMillis) {
      this.nowMillis = nowMillis;
      for (ScheduledTask t : tasks) {
        jobs.computeIfAbsent(t.assignedTask().task().job(), k -> new ArrayList<>()).add(t);
      }
      jobs.values().removeIf(l -> l.size() < minInstances);
    }

    /** Whether the job has a task on the host. */
    boolean runsOn(JobKey job, String host) {
      return jobs.getOrDefault(job, List.of()).stream().anyMatch(t -> host.equals(t.assignedTask().agentHost()));
    }

    /** Hosts running tasks of the jobs considered. */
    Set<String> hosts() {
      Set<String> out = new java.util.TreeSet<>();
      jobs.values().forEach(l -> l.forEach(t -> {
        if (t.assignedTask().agentHost() != null) {
          out.add(t.assignedTask().agentHost());
        }
      }));
      return out;
    }

    /**
     * Each job with tasks on {@code down}, predicted with those hosts down: safe when its up count stays at or above
     * its percentage ({@code limits} by job, else the default).
     */
    List<Prediction> probe(Collection<String> down, double percentage, long durationSecs,
        Map<JobKey, SlaLimit> limits) {
      List<Prediction> out = new ArrayList<>();
      jobs.forEach((job, tasks) -> {
        if (tasks.stream().noneMatch(t -> down.contains(t.assignedTask().agentHost()))) {
          return;
        }
        SlaLimit limit = limits.getOrDefault(job, new SlaLimit(percentage, durationSecs));
        List<Long> left = uptimes(tasks.stream().filter(t -> !down.contains(t.assignedTask().agentHost()))
            .toList(), nowMillis);
        double predicted = upCount(left, limit.durationSecs(), tasks.size());
        boolean safe = predicted >= limit.percentage();
        out.add(new Prediction(job, predicted, safe,
            safe ? Long.valueOf(0) : waitToSla(left, limit.percentage(), limit.durationSecs(), tasks.size()),
            limit.durationSecs()));
      });
      return out;
    }
  }

  /** A job's SLA: the percentage of its instances that must have been up for {@code durationSecs}. */
  record SlaLimit(double percentage, long durationSecs) {}
}
