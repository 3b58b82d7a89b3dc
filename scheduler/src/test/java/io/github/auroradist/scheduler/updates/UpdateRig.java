package io.github.auroradist.scheduler.updates;

import io.github.auroradist.common.model.ExecutorConfig;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateStrategy;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.testing.MutableClock;
import io.github.auroradist.scheduler.testing.RecordedEffects;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.scheduler.sla.SlaChecker;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * A job and an updater on a real log, with a hand-moved clock and a stand-in cluster ({@link #settle}) that runs
 * what is pending at once: a task whose executor data says "bad" fails instead of running.
 */
final class UpdateRig {
  static final String USER = "UNSECURE";
  static final long WATCH_MS = 2_000;
  private static final AtomicInteger JOBS = new AtomicInteger();

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final Storage storage;
  final StateManager manager = TestTasks.stateManager(clock, new RecordedEffects());
  /** SLA checks with the rig's clock (a coordinator is given 2 s to answer). */
  final SlaChecker sla = new SlaChecker(clock, "test", Duration.ofSeconds(2));
  final JobUpdater updater;
  /** The SLA policy of every configuration the rig makes (none when null). */
  SlaPolicy slaPolicy;
  final JobKey job = new JobKey("www-data", "prod", "updated" + JOBS.incrementAndGet());
  /** The most instances seen without a RUNNING task at once, while an update ran. */
  int mostDown;

  UpdateRig(Storage storage) {
    this.storage = storage;
    this.updater = new JobUpdater(storage, manager, sla, clock);
  }

  TaskConfig config(String version) {
    TaskConfig base = TestTasks.config(job, true);
    return new TaskConfig(job, base.owner(), base.resources(), base.constraints(), true, false, 0, base.tier(), 1,
        null, List.of(), new ExecutorConfig(ExecutorConfig.THERMOS, "{\"version\": \"" + version + "\"}"))
        .withPolicies(slaPolicy, null);
  }

  JobConfiguration jobOf(String version, int instances) {
    return new JobConfiguration(job, config(version).owner(), null, null, instances, config(version));
  }

  /** Creates the job with every instance RUNNING. */
  void create(String version, int instances) {
    JobConfiguration j = jobOf(version, instances);
    storage.write(s -> {
      s.add(new Op.SaveJob(j));
      manager.insertPendingTasks(s, j.taskConfig(), new TreeSet<>(IntStream.range(0, instances).boxed().toList()));
      return null;
    });
    settle();
  }

  static JobUpdateSettings settings(int batch) {
    return new JobUpdateSettings(batch, 0, 0, (int) WATCH_MS, true, null, false, null, false, null);
  }

  static JobUpdateSettings strategy(JobUpdateStrategy strategy) {
    return new JobUpdateSettings(1, 0, 0, (int) WATCH_MS, true, null, false, null, false, strategy);
  }

  static JobUpdateSettings with(JobUpdateSettings s, int maxPerInstance, int maxFailed, boolean rollback,
      InstanceRanges only, Long pulseMs) {
    return new JobUpdateSettings(s.updateGroupSize(), maxPerInstance, maxFailed, s.minWaitInInstanceRunningMs(),
        rollback, only, s.waitForBatchCompletion(), pulseMs, s.slaAware(), s.updateStrategy());
  }

  String start(String version, int instances, JobUpdateSettings settings) {
    return updater.start(jobOf(version, instances), settings, USER, "test", v -> { }).orElseThrow().key().id();
  }

  /** The stand-in cluster: pending tasks run (or fail when bad), kills complete, back-offs are over. */
  void settle() {
    storage.write(s -> {
      for (ScheduledTask t : storage.read().tasksOf(job)) {
        String id = t.taskId();
        if (t.status() == ScheduleStatus.PENDING) {
          manager.assignTask(s, id, "agent", "host", Map.of());
          manager.changeState(s, id, Optional.empty(), ScheduleStatus.STARTING, null);
          boolean bad = t.assignedTask().task().executorConfig().data().contains("bad");
          manager.changeState(s, id, Optional.empty(), bad ? ScheduleStatus.FAILED : ScheduleStatus.RUNNING, null);
        } else if (t.status() == ScheduleStatus.THROTTLED) {
          manager.changeState(s, id, Optional.empty(), ScheduleStatus.PENDING, null);
        } else if (t.status() == ScheduleStatus.KILLING) {
          manager.changeState(s, id, Optional.empty(), ScheduleStatus.KILLED, null);
        }
      }
      return null;
    });
  }

  /** Runs the updater, the cluster and the clock until the update ends (or a status {@code stop} says so). */
  JobUpdateStatus run(String id, Set<JobUpdateStatus> stop) {
    for (int round = 0; round < 500; round++) {
      updater.evaluate();
      mostDown = Math.max(mostDown, down());
      JobUpdateStatus status = status(id);
      if (status.isTerminal() || stop.contains(status)) {
        return status;
      }
      settle();
      clock.advance(Duration.ofMillis(WATCH_MS / 2));
    }
    throw new AssertionError("update " + id + " did not end: " + details(id));
  }

  JobUpdateStatus run(String id) {
    return run(id, Set.of(JobUpdateStatus.ROLL_FORWARD_PAUSED, JobUpdateStatus.ROLL_BACK_PAUSED,
        JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE, JobUpdateStatus.ROLL_BACK_AWAITING_PULSE));
  }

  JobUpdateStatus status(String id) {
    return details(id).update().summary().state().status();
  }

  JobUpdateDetails details(String id) {
    return storage.read().jobUpdate(id).orElseThrow();
  }

  /** Each instance's version (the executor data's), from its RUNNING task. */
  Map<Integer, String> versions() {
    Map<Integer, String> out = new TreeMap<>();
    for (ScheduledTask t : storage.read().tasksOf(job)) {
      if (t.status() == ScheduleStatus.RUNNING) {
        String data = t.assignedTask().task().executorConfig().data();
        out.put(t.assignedTask().instanceId(), data.replaceAll(".*\"version\": \"([^\"]*)\".*", "$1"));
      }
    }
    return out;
  }

  static Map<Integer, String> all(String version, int instances) {
    return all(version, instances, i -> true, null);
  }

  /** Instances 0 to {@code instances - 1}, each {@code version} where {@code which} holds, {@code other} elsewhere. */
  static Map<Integer, String> all(String version, int instances, IntPredicate which, String other) {
    Map<Integer, String> out = new TreeMap<>();
    for (int i = 0; i < instances; i++) {
      out.put(i, which.test(i) ? version : other);
    }
    return out;
  }

  /** Instances with an active task but none RUNNING: down for now, replaced or going away. */
  private int down() {
    Set<Integer> notRunning = new TreeSet<>();
    storage.read().tasksOf(job).stream().filter(t -> t.status().isActive())
        .forEach(t -> notRunning.add(t.assignedTask().instanceId()));
    notRunning.removeAll(versions().keySet());
    return notRunning.size();
  }

  List<String> events(String id) {
    return details(id).updateEvents().stream().map(e -> e.status() + "/" + e.user()).toList();
  }
}
