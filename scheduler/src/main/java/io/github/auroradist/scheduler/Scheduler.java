package io.github.auroradist.scheduler;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.scheduler.api.AdminActions;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.SchedulerApi;
import io.github.auroradist.scheduler.cron.CronScheduler;
import io.github.auroradist.scheduler.discovery.SchedulerAnnouncer;
import io.github.auroradist.scheduler.http.SchedulerHttpServer;
import io.github.auroradist.scheduler.lifecycle.ProcessHealth;
import io.github.auroradist.scheduler.lifecycle.SchedulerTimers;
import io.github.auroradist.scheduler.maintenance.HostMaintenance;
import io.github.auroradist.scheduler.mesos.MesosFramework;
import io.github.auroradist.scheduler.offers.OfferPlacer;
import io.github.auroradist.scheduler.preemption.Preemptor;
import io.github.auroradist.scheduler.state.RescheduleCalculator;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskHistoryPruner;
import io.github.auroradist.scheduler.state.TaskTimers;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.storage.BackupWriter;
import io.github.auroradist.scheduler.storage.DurableLogException;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.LogDirectory;
import io.github.auroradist.scheduler.storage.LogPeer;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.RatisDurableLog;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.StoreSnapshot;
import io.github.auroradist.scheduler.storage.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled scheduler: every part is created and connected here, in start order, and closed in
 * reverse order.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  /** A write that waits this long for the log is stuck: the log is wedged (its writes time out far sooner). */
  private static final Duration WEDGED_WRITE = Duration.ofSeconds(30);

  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
  private final Object lifecycle = new Object();
  private final CountDownLatch closeDone = new CountDownLatch(1);
  private final AtomicBoolean leading = new AtomicBoolean();
  /** Leading and ready for writes: the term's first write went through and any staged backup is loaded. */
  private volatile boolean leaderReady;
  private volatile Callable<Void> leaderWork;
  private volatile boolean closed;
  private BackupWriter backups;
  private CronScheduler cron;
  private HostMaintenance maintenance;
  private final SchedulerSettings settings;
  private final ProcessHealth health;
  /** The threads and checks of this scheduler that the process cannot run without. */
  private final ProcessHealth.Parts parts;
  private Storage storage;
  private SchedulerHttpServer http;
  private SchedulerApi api;
  private Stats stats;
  private MesosFramework framework;
  private RatisDurableLog log;
  private final CountDownLatch caughtUp = new CountDownLatch(1);

  private Scheduler(SchedulerSettings settings, ProcessHealth health) {
    this.settings = settings;
    this.health = health;
    this.parts = health.parts();
  }

  /**
   * Starts a scheduler embedded in another program (tests): what would end a scheduler process (see
   * {@link ProcessHealth}) is reported to {@code onFatal} too, and leaves this scheduler unhealthy.
   */
  public static Scheduler start(SchedulerSettings settings, Consumer<Throwable> onFatal) throws Exception {
    return start(settings, new ProcessHealth((status, reason) -> onFatal.accept(new IllegalStateException(reason))),
        onFatal);
  }

  /**
   * Starts the scheduler. {@code onFatal} is called when it must stop at once (its log failed, or it lost
   * leadership); what the process cannot survive goes to {@code health}.
   *
   * @throws io.github.auroradist.scheduler.storage.UninitializedLogException when the log was never initialized
   */
  public static Scheduler start(SchedulerSettings settings, ProcessHealth health, Consumer<Throwable> onFatal)
      throws Exception {
    Scheduler s = new Scheduler(settings, health);
    try {
      s.startParts(onFatal);
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void startParts(Consumer<Throwable> onFatal) throws Exception {
    Clock clock = Clock.systemUTC();
    stats = new Stats();

    // 1. State: the log must be initialized; replaying it fills the stores.
    LogDirectory logDir = new LogDirectory(settings.logPath());
    logDir.requireInitialized();
    InMemoryStores stores = new InMemoryStores();
    // Opening does not wait for a quorum: without one this scheduler still serves reads (marked stale) and
    // refuses writes with a clear error, and catches up as soon as a leader is elected.
    RatisDurableLog log = RatisDurableLog.open(new RatisDurableLog.Options(logDir, settings.logPeers(),
        settings.logSelf(), 10_000, Duration.ofSeconds(10)), stores, Duration.ZERO,
        e -> parts.die(e.getMessage(), e));
    closeables.add(log);
    this.log = log;
    catchUp(log);
    storage = new Storage(stores, log, onFatal);
    parts.probe(() -> storage.commitWaiting().filter(w -> w.compareTo(WEDGED_WRITE) > 0)
        .map(w -> "a write has waited " + w.toSeconds() + " s for the replicated log"));

    SchedulerTimers timers = new SchedulerTimers(parts, 2);
    closeables.add(timers);

    // 2. Task lifecycle: the state machine's effects outside storage go to the timers and to Mesos.
    RescheduleCalculator rescheduler = new RescheduleCalculator(settings.flapping());
    TaskTimers taskTimers = new TaskTimers(storage, timers, new TaskTimers.Settings(
        settings.transientTaskStateTimeout(), settings.initialTaskKillRetryInterval()), rescheduler, clock);
    StateManager stateManager = new StateManager(clock, settings.hostname(), rescheduler, taskTimers);
    OfferPlacer placer = new OfferPlacer(storage, stateManager, settings.executor().cpu(), settings.executor().ramMb());
    framework = new MesosFramework(settings, storage, stateManager, placer, stats, timers, parts);
    parts.probe(this::unregisteredTooLong);
    taskTimers.connect(stateManager, framework::killTask, framework::revive);

    // 3. The API, and the operator features behind it (backups, host maintenance, cron).
    // Writes wait for leader work to be ready (a staged backup must load into an empty log first); until then the
    // Raft leader refuses them as if no leader were elected yet, and no follower redirects to it.
    Supplier<Optional<String>> leaderUrl = () -> log.isLeader() ? Optional.empty()
        : log.leaderId().flatMap(stores::schedulerEndpoint);
    api = new SchedulerApi(storage, stateManager,
        new SchedulerApi.Settings(settings.allowedJobEnvironments(), settings.maxTasksPerJob(), settings.tiers()),
        () -> leaderReady, placer::lastVetoes);
    BackupWriter backups = settings.backupDir() == null ? null
        : new BackupWriter(stores, settings.backupDir(), settings.maxSavedBackups(), clock);
    api.connectAdmin(new AdminActions() {
      @Override
      public long snapshotNow() throws Exception {
        return log.snapshotNow();
      }

      @Override
      public Path backupNow() throws Exception {
        if (backups == null) {
          throw ApiException.invalid("backups are off: start the scheduler with -backup_dir");
        }
        return backups.backupNow();
      }

      @Override
      public List<Path> listBackups() throws Exception {
        return backups == null ? List.of() : backups.list();
      }
    });
    this.backups = backups;
    HostMaintenance maintenance = new HostMaintenance(storage, stateManager);
    api.connectMaintenance(maintenance);
    this.maintenance = maintenance;
    CronScheduler cron = new CronScheduler(storage, stateManager, clock, settings.cronTimezone(), stats);
    api.connectCron(cron);
    this.cron = cron;

    // 4. HTTP: health, stats, the JSON API and the UI, on every scheduler (followers serve reads).
    registerGauges(stores, log);
    http = new SchedulerHttpServer(settings.ip(), settings.httpPort(), api, stats, this::isLeading,
        () -> log.leaderId().isPresent(), this::staleReason, leaderUrl, settings.clusterName());
    http.start();
    closeables.add(http);

    // 5. Leader-only work starts when this scheduler leads the log (at once when it is the only peer).
    //    A scheduler that loses leadership stops, as Aurora's does: it restarts as a follower.
    this.leaderWork = () -> startLeading(logDir, stores, log, taskTimers, stateManager, timers, clock);
    log.onLeadershipChange(leading -> timers.execute(() -> leadershipChanged(leading, onFatal)));
    // Ratis may step down without naming a new leader; checking often catches that too. A leader that cannot
    // reach Mesos stops for another scheduler to take over.
    timers.scheduleWithFixedDelay(() -> {
      if (leading.get() && !log.isLeader()) {
        leadershipChanged(false, onFatal);
      }
      unregisteredTooLong().ifPresent(why -> parts.die(why, null));
    }, 1, 1, TimeUnit.SECONDS);
    // Usually a quorum is there and this takes milliseconds; without one, go on and serve stale reads.
    if (!caughtUp.await(10, TimeUnit.SECONDS)) {
      LOG.warn("No quorum of the schedulers {} yet; serving possibly stale reads and refusing writes until there is",
          settings.logPeers().stream().map(LogPeer::address).toList());
    }
    if (log.isLeader()) {
      leadershipChanged(true, onFatal);
    } else {
      LOG.info("Following the log leader {}; serving reads only", log.leaderId().orElse("(unknown)"));
    }
    LOG.info("Scheduler for cluster {} started; HTTP on port {}", settings.clusterName(), http.port());
  }

  // One change at a time: Ratis callbacks and the periodic check run on different timer threads.
  private synchronized void leadershipChanged(boolean leading, Consumer<Throwable> onFatal) {
    if (leading && this.leading.compareAndSet(false, true)) {
      try {
        leaderWork.call();
      } catch (Exception e) {
        if (!closed) {
          onFatal.accept(new IllegalStateException("could not start leading: " + e.getMessage(), e));
        }
      }
    } else if (!leading && this.leading.get() && !closed) {
      // Withdraw from the serverset and stop acting on Mesos at once; the caller starts a fresh scheduler
      // that follows (SchedulerMain does so in the same process), so nothing of this term lingers.
      LOG.error("This scheduler lost leadership of the log; stopping its leader work");
      close();
      onFatal.accept(new LeadershipLostException());
    }
  }

  /** Raised (through {@code onFatal}) when this scheduler stopped leading and closed itself. */
  public static final class LeadershipLostException extends IllegalStateException {
    LeadershipLostException() {
      super("this scheduler lost leadership of the log");
    }
  }

  /** Waits in the background until this scheduler has applied everything committed before it started. */
  private void catchUp(RatisDurableLog log) {
    Thread t = new Thread(() -> {
      while (!closed) {
        try {
          log.awaitCaughtUp(Duration.ofSeconds(30));
          caughtUp.countDown();
          LOG.info("Caught up with the replicated log");
          return;
        } catch (IOException e) {
          if (!closed) {
            LOG.warn("Still waiting for a quorum of the schedulers {}: {}; reads may be stale and writes are refused",
                settings.logPeers().stream().map(LogPeer::address).toList(), e.getMessage());
          }
        }
      }
    }, "log-catch-up");
    t.setDaemon(true);
    t.start();
  }

  /** Why this leader is wedged, if it has been without a Mesos subscription for longer than allowed. */
  private Optional<String> unregisteredTooLong() {
    if (!leaderReady || closed) {
      return Optional.empty();
    }
    return framework.unsubscribedFor().filter(d -> d.compareTo(settings.maxRegistrationDelay()) > 0)
        .map(d -> "this leader has not been registered with Mesos for " + d.toSeconds() + " s (longer than"
            + " -max_registration_delay=" + settings.maxRegistrationDelay().toSeconds() + "secs)");
  }

  /** Why this process is unhealthy (empty while healthy): the reason to answer /health with 503. */
  public Optional<String> unhealthyReason() {
    return health.get();
  }

  /** Why reads from this scheduler may be out of date now, if they may be. */
  public Optional<String> staleReason() {
    if (log == null || log.isLeader()) {
      return Optional.empty();
    }
    if (log.leaderId().isEmpty()) {
      int peers = settings.logPeers().size();
      return Optional.of("no scheduler leads the cluster now (a quorum, " + (peers / 2 + 1) + " of " + peers
          + " schedulers, must be up and reach each other); this data may be stale");
    }
    if (caughtUp.getCount() > 0) {
      return Optional.of("this scheduler is still catching up with the replicated log; this data may be"
          + " stale");
    }
    return Optional.empty();
  }

  /** What only the leader does: Mesos, announcing, timers, pruning, backups, snapshots. */
  private Void startLeading(LogDirectory logDir, InMemoryStores stores, RatisDurableLog log, TaskTimers taskTimers,
      StateManager stateManager, ScheduledExecutorService timers, Clock clock) throws Exception {
    // Everything committed before this term is applied once a write of ours goes through.
    log.append(new Transaction(List.of()));
    requireOpen();
    restorePendingBackup(logDir, stores);
    storage.write(new Op.SaveSchedulerEndpoint(settings.logSelf().id(),
        "http://" + settings.hostname() + ":" + http.port()));
    taskTimers.rearm();
    requireOpen();
    leaderReady = true;
    LOG.info("Leading: {} jobs and {} active tasks", stores.jobs().size(),
        stores.tasks(t -> t.status().isActive()).size());

    // Mesos: register and start placing tasks.
    requireOpen();
    framework.start();
    register(framework);

    // Tell clients where the leader is.
    if (settings.zkEndpoints() != null && !settings.zkEndpoints().isBlank()) {
      requireOpen();
      register(SchedulerAnnouncer.start(settings.zkEndpoints(), settings.zkSessionTimeout(),
          settings.serversetPath(), settings.hostname(), http.port()));
    }

    // Cron jobs run on the leader only; runs missed while no scheduler led are not caught up.
    cron.start(timers);

    // Tasks that waited too long may preempt lower-priority or preemptible ones.
    if (settings.enablePreemptor()) {
      Preemptor preemptor = new Preemptor(storage, stateManager, clock, settings.preemptionDelay(), settings.tiers(),
          settings.executor().cpu(), settings.executor().ramMb(), stats);
      long every = settings.preemptionSearchInterval().toMillis();
      timers.scheduleWithFixedDelay(() -> {
        try {
          preemptor.run();
        } catch (RuntimeException e) {
          LOG.warn("The preemptor failed", e);
        }
      }, every, every, TimeUnit.MILLISECONDS);
    }

    // Draining hosts become DRAINED once their tasks are gone.
    timers.scheduleWithFixedDelay(() -> {
      try {
        maintenance.checkDrained();
      } catch (RuntimeException e) {
        LOG.warn("Checking drained hosts failed", e);
      }
    }, 2, 2, TimeUnit.SECONDS);

    // Ended tasks are forgotten after a while.
    TaskHistoryPruner pruner = new TaskHistoryPruner(storage, stateManager, clock, settings.history());
    timers.scheduleWithFixedDelay(() -> {
      try {
        int pruned = pruner.pruneNow();
        stats.counter("tasks_pruned").addAndGet(pruned);
      } catch (RuntimeException e) {
        LOG.warn("Pruning task history failed", e);
      }
    }, 1, 5, TimeUnit.MINUTES);

    // Backups, for when every scheduler's log is lost.
    if (backups != null) {
      long backupEvery = settings.backupInterval().toMillis();
      timers.scheduleWithFixedDelay(() -> {
        try {
          Path written = backups.backupNow();
          stats.counter("scheduler_backups").incrementAndGet();
          LOG.info("Wrote backup {}", written);
        } catch (IOException | RuntimeException e) {
          stats.counter("scheduler_backup_failures").incrementAndGet();
          LOG.warn("Writing a backup to {} failed", settings.backupDir(), e);
        }
      }, backups.untilDue(settings.backupInterval()).toMillis(), backupEvery, TimeUnit.MILLISECONDS);
    } else {
      LOG.warn("No -backup_dir: no backups are written");
    }

    // Periodic snapshots keep the log short and restarts fast.
    long every = settings.snapshotInterval().toMillis();
    timers.scheduleWithFixedDelay(() -> {
      try {
        log.snapshotNow();
        stats.counter("scheduler_log_snapshots").incrementAndGet();
      } catch (DurableLogException e) {
        LOG.warn("Periodic snapshot failed", e);
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return null;
  }

  /** Loads a backup staged by 'aurora-scheduler-log initialize --from-backup' into a log that is still empty. */
  private void restorePendingBackup(LogDirectory logDir, InMemoryStores stores) throws IOException {
    Path staged = logDir.pendingRestore();
    if (!Files.exists(staged)) {
      return;
    }
    if (!stores.isEmpty()) {
      LOG.warn("Ignoring {}: the log already holds state", staged);
      Files.move(staged, staged.resolveSibling(staged.getFileName() + ".ignored"), StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    StoreSnapshot snapshot = BackupWriter.read(staged);
    storage.write(new Op.RestoreSnapshot(snapshot));
    Files.move(staged, staged.resolveSibling(staged.getFileName() + ".applied"), StandardCopyOption.REPLACE_EXISTING);
    LOG.info("Restored {} jobs and {} tasks from the backup staged in {}", snapshot.jobs().size(),
        snapshot.tasks().size(), staged);
  }

  private void registerGauges(InMemoryStores stores, RatisDurableLog log) {
    for (ScheduleStatus status : ScheduleStatus.values()) {
      if (status != ScheduleStatus.INIT) {
        stats.gauge("task_store_" + status, () -> stores.tasks(t -> t.status() == status).size());
      }
    }
    stats.gauge("jobs_count", () -> stores.jobs().size());
    stats.gauge("scheduler_log_leader", () -> log.isLeader() ? 1 : 0);
  }

  public int httpPort() {
    return http.port();
  }

  public Storage storage() {
    return storage;
  }

  public SchedulerApi api() {
    return api;
  }

  public MesosFramework framework() {
    return framework;
  }

  public Stats stats() {
    return stats;
  }

  /** Before a planned stop: a leading scheduler hands leadership to a follower, so writes pause only briefly. */
  public void handOverLeadership() {
    if (leaderReady && log != null) {
      log.handOverLeadership(Duration.ofSeconds(5));
    }
  }

  /** Whether this scheduler leads (runs the framework, timers and writes) and can do so. */
  public boolean isLeading() {
    return leaderReady && health.get().isEmpty();
  }

  /** Leader work that finds the scheduler closed (it lost leadership meanwhile) stops there. */
  private void requireOpen() {
    if (closed) {
      throw new LeadershipLostException();
    }
  }

  /** Adds a part to close with the scheduler, or closes it at once when the scheduler was closed meanwhile. */
  private void register(AutoCloseable part) throws Exception {
    synchronized (lifecycle) {
      if (!closed) {
        closeables.add(part);
        return;
      }
    }
    part.close();
    throw new LeadershipLostException();
  }

  /** Closes every part, in reverse start order; a second caller waits until the first has finished. */
  @Override
  public void close() {
    List<AutoCloseable> toClose;
    synchronized (lifecycle) {
      if (closed) {
        toClose = null;
      } else {
        closed = true;
        leaderReady = false;
        toClose = new ArrayList<>(closeables);
        closeables.clear();
      }
    }
    // Stopped on purpose: the threads and checks of this scheduler no longer count for the process.
    parts.close();
    if (toClose == null) {
      // A new scheduler on the same log must not start before the log's files are released.
      try {
        closeDone.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        try {
          toClose.get(i).close();
        } catch (Exception e) {
          LOG.warn("Closing {} failed", toClose.get(i), e);
        }
      }
    } finally {
      closeDone.countDown();
    }
  }
}
