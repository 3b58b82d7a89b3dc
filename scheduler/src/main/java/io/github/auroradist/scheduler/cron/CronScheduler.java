package io.github.auroradist.scheduler.cron;

import io.github.auroradist.common.model.CronCollisionPolicy;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.lifecycle.SchedulerTimers;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cron jobs on the leader. Every second it starts the jobs whose schedule came due since the
 * previous check; runs missed while no scheduler led are not caught up. When a run is due and the
 * previous run still has active tasks, the job's collision policy decides: KILL_EXISTING kills them
 * and starts the new run once they are gone; CANCEL_NEW skips the new run.
 */
public final class CronScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

  private final Storage storage;
  private final StateManager stateManager;
  private final Clock clock;
  private final ZoneId zone;
  private final Stats stats;
  /** Runs waiting for the previous run's tasks to be killed (KILL_EXISTING). */
  private final Set<JobKey> awaitingLaunch = ConcurrentHashMap.newKeySet();
  /** Schedules parsed once: every job's is read every second. */
  private final Map<String, CronExpression> schedules = new ConcurrentHashMap<>();
  private ZonedDateTime lastChecked;

  public CronScheduler(Storage storage, StateManager stateManager, Clock clock, ZoneId zone, Stats stats) {
    this.storage = storage;
    this.stateManager = stateManager;
    this.clock = clock;
    this.zone = zone;
    this.stats = stats;
  }

  /** Starts checking schedules (on the leader); runs due before now are not caught up. */
  public synchronized void start(SchedulerTimers timers) {
    lastChecked = now();
    timers.everyWhileLeading("Checking cron schedules", Duration.ofSeconds(1), Duration.ofSeconds(1), this::tick);
  }

  private ZonedDateTime now() {
    return ZonedDateTime.ofInstant(clock.instant(), zone);
  }

  /** The next time the job runs, if it is a cron job with a future run. */
  public Optional<ZonedDateTime> nextRun(JobConfiguration job) {
    if (!job.isCron()) {
      return Optional.empty();
    }
    return schedule(job).next(now());
  }

  private CronExpression schedule(JobConfiguration job) {
    return schedules.computeIfAbsent(job.cronSchedule(), CronExpression::parse);
  }

  /** Starts every run that came due since the last check, and launches runs whose old tasks are gone. */
  public synchronized void tick() {
    ZonedDateTime now = now();
    if (lastChecked == null) {
      lastChecked = now;
    }
    for (JobConfiguration job : storage.read().jobs()) {
      if (!job.isCron()) {
        continue;
      }
      Optional<ZonedDateTime> due = schedule(job).next(lastChecked);
      if (due.isPresent() && !due.get().isAfter(now)) {
        LOG.info("Cron job {} is due ({})", job.key(), due.get());
        trigger(job.key());
      }
    }
    lastChecked = now;
    for (JobKey key : List.copyOf(awaitingLaunch)) {
      storage.write(store -> {
        Optional<JobConfiguration> job = store.read().job(key);
        if (job.isEmpty() || !job.get().isCron()) {
          awaitingLaunch.remove(key);
        } else if (active(store.read().tasksOf(key)).isEmpty()) {
          awaitingLaunch.remove(key);
          launch(store, job.get());
        }
        return null;
      });
    }
  }

  /** Starts a run of the cron job now (also 'aurora cron start'); returns what happened. */
  public synchronized String trigger(JobKey key) {
    return storage.write(store -> {
      Optional<JobConfiguration> found = store.read().job(key);
      if (found.isEmpty() || !found.get().isCron()) {
        return "not a cron job";
      }
      JobConfiguration job = found.get();
      List<ScheduledTask> running = active(store.read().tasksOf(key));
      if (running.isEmpty()) {
        launch(store, job);
        return "started";
      }
      CronCollisionPolicy policy = job.cronCollisionPolicy() == null ? CronCollisionPolicy.KILL_EXISTING
          : job.cronCollisionPolicy();
      stats.counter("cron_job_collisions").incrementAndGet();
      if (policy == CronCollisionPolicy.CANCEL_NEW) {
        LOG.info("Cron job {} still runs; CANCEL_NEW skips this run", key);
        return "skipped: the previous run is still active (CANCEL_NEW)";
      }
      for (ScheduledTask t : running) {
        stateManager.changeState(store, t.taskId(), Optional.of(t.status()), ScheduleStatus.KILLING,
            "Killed for a new cron run (KILL_EXISTING)");
      }
      awaitingLaunch.add(key);
      return "killing the previous run; the new one starts when it is gone (KILL_EXISTING)";
    });
  }

  private void launch(Storage.MutableStore store, JobConfiguration job) {
    Set<Integer> instances = IntStream.range(0, job.instanceCount()).boxed()
        .collect(Collectors.toCollection(TreeSet::new));
    stateManager.insertPendingTasks(store, job.taskConfig(), instances);
    stats.counter("cron_job_launches").incrementAndGet();
  }

  private static List<ScheduledTask> active(List<ScheduledTask> tasks) {
    return tasks.stream().filter(t -> t.status().isActive()).toList();
  }
}
