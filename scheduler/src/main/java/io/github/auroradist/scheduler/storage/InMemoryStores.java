package io.github.auroradist.scheduler.storage;

import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdate;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateKey;
import io.github.auroradist.common.model.update.JobUpdateState;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import io.github.auroradist.scheduler.maintenance.SlaDrain;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's state in memory. Only the durable log's state machine calls {@link #apply}, after
 * the transaction is committed; everything else reads. Readers get immutable values.
 */
public final class InMemoryStores implements StoreView {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryStores.class);
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, ScheduledTask> tasks = new HashMap<>();
  private final Map<JobKey, Map<String, ScheduledTask>> tasksByJob = new HashMap<>();
  /** The tasks by status, so placement finds the PENDING ones without walking every task. */
  private final Map<ScheduleStatus, Map<String, ScheduledTask>> tasksByStatus = new EnumMap<>(ScheduleStatus.class);
  /**
   * How many active tasks each job has on each host, kept with the tasks: placement reads a job's counts every round
   * for its limit constraints, and counting them from the job's tasks took a fifth of a round.
   */
  private final Map<JobKey, Map<String, Integer>> activeTasksByJobHost = new HashMap<>();
  private final Map<JobKey, JobConfiguration> jobs = new TreeMap<>();
  /** By host; looked up for every offer, so hashed, and ordered only where it is listed. */
  private final Map<String, HostAttributes> hostAttributes = new HashMap<>();
  private final Map<String, ResourceAggregate> quotas = new TreeMap<>();
  private final Map<String, String> schedulerEndpoints = new TreeMap<>();
  private final Map<String, MaintenanceMode> hostMaintenance = new TreeMap<>();
  private final Map<String, SlaDrain> slaDrains = new TreeMap<>();
  private final java.util.SortedSet<String> mesosDrainedHosts = new java.util.TreeSet<>();
  private final Map<String, StoredUpdate> jobUpdates = new HashMap<>();
  private String frameworkId;

  /** A job update as held here: its events grow in place, and readers get a copy. */
  private static final class StoredUpdate {
    private JobUpdate update;
    private final List<JobUpdateEvent> events = new ArrayList<>();
    private final List<JobInstanceUpdateEvent> instanceEvents = new ArrayList<>();

    StoredUpdate(JobUpdateDetails details) {
      this.update = details.update();
      events.addAll(details.updateEvents());
      instanceEvents.addAll(details.instanceEvents());
    }

    JobUpdateDetails details() {
      return new JobUpdateDetails(update, events, instanceEvents);
    }

    JobKey job() {
      return update.summary().key().job();
    }

    long created() {
      return update.summary().state().createdTimestampMs();
    }

    void touch(JobUpdateStatus status, long at) {
      JobUpdateSummary s = update.summary();
      JobUpdateState state = new JobUpdateState(status, s.state().createdTimestampMs(),
          Math.max(at, s.state().lastModifiedTimestampMs()));
      update = new JobUpdate(new JobUpdateSummary(s.key(), s.user(), state, s.message()), update.instructions());
    }
  }

  public void apply(Transaction tx) {
    lock.writeLock().lock();
    try {
      for (Op op : tx.ops()) {
        applyOne(op);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void applyOne(Op op) {
    if (op instanceof Op.SaveTasks save) {
      save.tasks().forEach(this::putTask);
    } else if (op instanceof Op.RemoveTasks remove) {
      remove.taskIds().forEach(this::removeTask);
    } else if (op instanceof Op.SaveJob save) {
      jobs.put(save.job().key(), save.job());
    } else if (op instanceof Op.RemoveJob remove) {
      jobs.remove(remove.key());
    } else if (op instanceof Op.SaveFrameworkId save) {
      frameworkId = save.frameworkId();
    } else if (op instanceof Op.SaveHostAttributes save) {
      hostAttributes.put(save.attributes().host(), save.attributes());
    } else if (op instanceof Op.SaveQuota save) {
      quotas.put(save.role(), save.quota());
    } else if (op instanceof Op.RemoveQuota remove) {
      quotas.remove(remove.role());
    } else if (op instanceof Op.SaveSchedulerEndpoint endpoint) {
      schedulerEndpoints.put(endpoint.peerId(), endpoint.httpUrl());
    } else if (op instanceof Op.SaveHostMaintenance m) {
      if (m.mode() == MaintenanceMode.NONE) {
        hostMaintenance.remove(m.host());
        mesosDrainedHosts.remove(m.host());
      } else {
        hostMaintenance.put(m.host(), m.mode());
      }
      if (m.mode() != MaintenanceMode.DRAINING) {
        slaDrains.remove(m.host());
      }
    } else if (op instanceof Op.SaveSlaDrain d) {
      if (d.drain() == null) {
        slaDrains.remove(d.host());
      } else {
        slaDrains.put(d.host(), d.drain());
      }
    } else if (op instanceof Op.SaveMesosDrain d) {
      if (d.drained()) {
        mesosDrainedHosts.add(d.host());
      } else {
        mesosDrainedHosts.remove(d.host());
      }
    } else if (op instanceof Op.SaveJobUpdate save) {
      saveJobUpdate(save.update());
    } else if (op instanceof Op.SaveJobUpdateEvent e) {
      storedUpdate(e.key()).ifPresent(u -> {
        u.events.add(e.event());
        u.touch(e.event().status(), e.event().timestampMs());
      });
    } else if (op instanceof Op.SaveJobInstanceUpdateEvent e) {
      storedUpdate(e.key()).ifPresent(u -> {
        u.instanceEvents.add(e.event());
        u.touch(u.update.summary().state().status(), e.event().timestampMs());
      });
    } else if (op instanceof Op.RemoveJobUpdates remove) {
      remove.keys().forEach(k -> jobUpdates.remove(k.id()));
    } else if (op instanceof Op.RestoreSnapshot restore) {
      restoreLocked(restore.snapshot());
    } else {
      throw new IllegalArgumentException("unknown op " + op);
    }
  }

  private void saveJobUpdate(JobUpdate update) {
    StoredUpdate existing = jobUpdates.get(update.summary().key().id());
    if (existing == null) {
      jobUpdates.put(update.summary().key().id(), new StoredUpdate(new JobUpdateDetails(update, null, null)));
    } else {
      existing.update = update;
    }
  }

  /**
   * The update an event is for. Every update is saved before its first event, and only ended ones are pruned, so
   * one is always there; were it not, the event is dropped rather than stop every scheduler replaying the log.
   */
  private Optional<StoredUpdate> storedUpdate(JobUpdateKey key) {
    StoredUpdate u = jobUpdates.get(key.id());
    if (u == null) {
      LOG.warn("Dropping an event of job update {}, which is not stored", key);
    }
    return Optional.ofNullable(u);
  }

  private void putTask(ScheduledTask task) {
    removeTask(task.taskId());
    tasks.put(task.taskId(), task);
    // By task id in order: a job's tasks are listed in that order without sorting them on every read.
    tasksByJob.computeIfAbsent(task.jobKey(), k -> new TreeMap<>()).put(task.taskId(), task);
    tasksByStatus.computeIfAbsent(task.status(), k -> new HashMap<>()).put(task.taskId(), task);
    countActive(task, 1);
  }

  private void countActive(ScheduledTask task, int delta) {
    String host = task.assignedTask().agentHost();
    if (host == null || !task.status().isActive()) {
      return;
    }
    Map<String, Integer> byHost = activeTasksByJobHost.computeIfAbsent(task.jobKey(), k -> new HashMap<>());
    int count = byHost.getOrDefault(host, 0) + delta;
    if (count > 0) {
      byHost.put(host, count);
    } else {
      byHost.remove(host);
      if (byHost.isEmpty()) {
        activeTasksByJobHost.remove(task.jobKey());
      }
    }
  }

  private void removeTask(String taskId) {
    ScheduledTask old = tasks.remove(taskId);
    if (old != null) {
      countActive(old, -1);
      Map<String, ScheduledTask> ofJob = tasksByJob.get(old.jobKey());
      ofJob.remove(taskId);
      if (ofJob.isEmpty()) {
        tasksByJob.remove(old.jobKey());
      }
      Map<String, ScheduledTask> inStatus = tasksByStatus.get(old.status());
      inStatus.remove(taskId);
      if (inStatus.isEmpty()) {
        tasksByStatus.remove(old.status());
      }
    }
  }

  private List<HostAttributes> hostsInOrder() {
    List<HostAttributes> hosts = new ArrayList<>(hostAttributes.values());
    hosts.sort(Comparator.comparing(HostAttributes::host));
    return hosts;
  }

  public StoreSnapshot snapshot(long timestamp) {
    lock.readLock().lock();
    try {
      List<ScheduledTask> all = new ArrayList<>(tasks.values());
      all.sort(Comparator.comparing(ScheduledTask::taskId));
      return new StoreSnapshot(StoreSnapshot.FORMAT_VERSION, timestamp, frameworkId, new ArrayList<>(jobs.values()),
          all, hostsInOrder(), new TreeMap<>(quotas), new TreeMap<>(schedulerEndpoints),
          new TreeMap<>(hostMaintenance), jobUpdates.values().stream().map(StoredUpdate::details).toList(),
          new TreeMap<>(slaDrains), new ArrayList<>(mesosDrainedHosts));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Replaces everything with the snapshot's contents. */
  public void restore(StoreSnapshot snapshot) {
    lock.writeLock().lock();
    try {
      restoreLocked(snapshot);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void restoreLocked(StoreSnapshot snapshot) {
    if (snapshot.formatVersion() > StoreSnapshot.FORMAT_VERSION) {
      throw new IllegalStateException("snapshot format " + snapshot.formatVersion()
          + " is newer than this scheduler understands (" + StoreSnapshot.FORMAT_VERSION + "); upgrade the scheduler");
    }
    tasks.clear();
    tasksByJob.clear();
    tasksByStatus.clear();
    activeTasksByJobHost.clear();
    jobs.clear();
    hostAttributes.clear();
    quotas.clear();
    frameworkId = snapshot.frameworkId();
    snapshot.tasks().forEach(this::putTask);
    snapshot.jobs().forEach(j -> jobs.put(j.key(), j));
    snapshot.hostAttributes().forEach(h -> hostAttributes.put(h.host(), h));
    quotas.putAll(snapshot.quotas());
    schedulerEndpoints.clear();
    schedulerEndpoints.putAll(snapshot.schedulerEndpoints());
    hostMaintenance.clear();
    hostMaintenance.putAll(snapshot.hostMaintenance());
    slaDrains.clear();
    slaDrains.putAll(snapshot.slaDrains());
    mesosDrainedHosts.clear();
    mesosDrainedHosts.addAll(snapshot.mesosDrainedHosts());
    jobUpdates.clear();
    snapshot.jobUpdates().forEach(u -> jobUpdates.put(u.update().summary().key().id(), new StoredUpdate(u)));
  }

  /** Whether the stores hold nothing at all (a new cluster). */
  public boolean isEmpty() {
    return read(() -> tasks.isEmpty() && jobs.isEmpty() && frameworkId == null && quotas.isEmpty()
        && hostAttributes.isEmpty() && jobUpdates.isEmpty());
  }

  @Override
  public Optional<ScheduledTask> task(String taskId) {
    return read(() -> Optional.ofNullable(tasks.get(taskId)));
  }

  @Override
  public List<ScheduledTask> tasks(Predicate<ScheduledTask> filter) {
    return read(() -> tasks.values().stream().filter(filter).sorted(Comparator.comparing(ScheduledTask::taskId))
        .toList());
  }

  @Override
  public List<ScheduledTask> tasksIn(ScheduleStatus status) {
    return read(() -> tasksByStatus.getOrDefault(status, Map.of()).values().stream()
        .sorted(Comparator.comparing(ScheduledTask::taskId)).toList());
  }

  @Override
  public int countIn(ScheduleStatus status) {
    return read(() -> tasksByStatus.getOrDefault(status, Map.of()).size());
  }

  @Override
  public List<ScheduledTask> tasksOf(JobKey job) {
    return read(() -> List.copyOf(tasksByJob.getOrDefault(job, Map.of()).values()));
  }

  @Override
  public Map<String, Integer> activeTasksByHost(JobKey job) {
    return read(() -> new HashMap<>(activeTasksByJobHost.getOrDefault(job, Map.of())));
  }

  @Override
  public List<JobKey> jobKeysWithTasks() {
    return read(() -> tasksByJob.keySet().stream().sorted().toList());
  }

  @Override
  public Optional<JobConfiguration> job(JobKey key) {
    return read(() -> Optional.ofNullable(jobs.get(key)));
  }

  @Override
  public List<JobConfiguration> jobs() {
    return read(() -> List.copyOf(jobs.values()));
  }

  @Override
  public Optional<String> frameworkId() {
    return read(() -> Optional.ofNullable(frameworkId));
  }

  @Override
  public Optional<HostAttributes> hostAttributes(String host) {
    return read(() -> Optional.ofNullable(hostAttributes.get(host)));
  }

  @Override
  public List<HostAttributes> allHostAttributes() {
    return read(this::hostsInOrder);
  }

  @Override
  public Optional<ResourceAggregate> quota(String role) {
    return read(() -> Optional.ofNullable(quotas.get(role)));
  }

  @Override
  public Optional<String> schedulerEndpoint(String peerId) {
    return read(() -> Optional.ofNullable(schedulerEndpoints.get(peerId)));
  }

  @Override
  public MaintenanceMode maintenance(String host) {
    return read(() -> hostMaintenance.getOrDefault(host, MaintenanceMode.NONE));
  }

  @Override
  public Map<String, MaintenanceMode> hostsInMaintenance() {
    return read(() -> Map.copyOf(hostMaintenance));
  }

  @Override
  public Map<String, SlaDrain> slaDrains() {
    return read(() -> Map.copyOf(slaDrains));
  }

  @Override
  public boolean drainedForMesos(String host) {
    return read(() -> mesosDrainedHosts.contains(host));
  }

  @Override
  public Map<String, ResourceAggregate> quotas() {
    return read(() -> Map.copyOf(quotas));
  }

  @Override
  public Optional<JobUpdateDetails> jobUpdate(String updateId) {
    return read(() -> Optional.ofNullable(jobUpdates.get(updateId)).map(StoredUpdate::details));
  }

  @Override
  public List<JobUpdateDetails> jobUpdates() {
    return read(() -> newestFirst(jobUpdates.values().stream()));
  }

  @Override
  public List<JobUpdateDetails> activeJobUpdates() {
    return read(() -> newestFirst(jobUpdates.values().stream()
        .filter(u -> u.update.summary().state().status().isActive())));
  }

  @Override
  public List<JobUpdateDetails> jobUpdatesOf(JobKey job) {
    return read(() -> newestFirst(jobUpdates.values().stream().filter(u -> u.job().equals(job))));
  }

  private static List<JobUpdateDetails> newestFirst(java.util.stream.Stream<StoredUpdate> updates) {
    return updates.sorted(Comparator.comparingLong(StoredUpdate::created).reversed()
        .thenComparing(u -> u.update.summary().key().id())).map(StoredUpdate::details).toList();
  }

  private <T> T read(Supplier<T> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }
}
