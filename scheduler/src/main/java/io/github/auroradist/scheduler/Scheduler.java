package io.github.auroradist.scheduler;

import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.scheduler.api.AdminActions;
import io.github.auroradist.scheduler.api.AdminService;
import io.github.auroradist.scheduler.api.CronService;
import io.github.auroradist.scheduler.api.JobService;
import io.github.auroradist.scheduler.api.JobUpdateService;
import io.github.auroradist.scheduler.api.LeaderGate;
import io.github.auroradist.scheduler.api.MaintenanceService;
import io.github.auroradist.scheduler.api.QuotaService;
import io.github.auroradist.scheduler.api.SchedulerServices;
import io.github.auroradist.scheduler.api.StateQueries;
import io.github.auroradist.scheduler.api.validation.JobRules;
import io.github.auroradist.scheduler.api.validation.JobValidator;
import io.github.auroradist.scheduler.containers.ContainerAdmission;
import io.github.auroradist.scheduler.cron.CronScheduler;
import io.github.auroradist.scheduler.discovery.LeaderEndpoints;
import io.github.auroradist.scheduler.discovery.SchedulerAnnouncer;
import io.github.auroradist.scheduler.http.Leadership;
import io.github.auroradist.scheduler.http.SchedulerHttpServer;
import io.github.auroradist.scheduler.lifecycle.LifecycleState;
import io.github.auroradist.common.process.ProcessHealth;
import io.github.auroradist.scheduler.lifecycle.SchedulerLifecycle;
import io.github.auroradist.scheduler.lifecycle.SchedulerTimers;
import io.github.auroradist.scheduler.maintenance.HostMaintenance;
import io.github.auroradist.scheduler.maintenance.MesosMaintenance;
import io.github.auroradist.scheduler.maintenance.SlaDrains;
import io.github.auroradist.scheduler.mesos.MesosFramework;
import io.github.auroradist.scheduler.offers.OfferPlacer;
import io.github.auroradist.scheduler.preemption.Preemptor;
import io.github.auroradist.scheduler.recovery.OnlineRecovery;
import io.github.auroradist.scheduler.security.ApiAccess;
import io.github.auroradist.scheduler.sla.SlaChecker;
import io.github.auroradist.scheduler.state.RescheduleCalculator;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskHistoryPruner;
import io.github.auroradist.scheduler.state.TaskTimers;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.storage.BackupWriter;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.LogDirectory;
import io.github.auroradist.scheduler.storage.LogPeer;
import io.github.auroradist.scheduler.storage.RatisDurableLog;
import io.github.auroradist.scheduler.storage.StagedBackup;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.Transaction;
import io.github.auroradist.scheduler.updates.JobUpdater;
import io.github.auroradist.scheduler.updates.UpdateHistoryPruner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled scheduler: every part is created and connected here, in start order, and closed in reverse
 * order. Where it is in its life, and so what it may do, is its {@link SchedulerLifecycle}.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  /** A write that waits this long for the log is stuck: the log is wedged (its writes time out far sooner). */
  private static final Duration WEDGED_WRITE = Duration.ofSeconds(30);
  /** How often rolling job updates look at their tasks (watch periods are counted from the tasks' own times). */
  private static final Duration UPDATE_EVALUATION = Duration.ofMillis(500);
  /** A job's SLA coordinator that has not answered in this long has said no. */
  private static final Duration SLA_COORDINATOR_TIMEOUT = Duration.ofSeconds(5);

  private final SchedulerSettings settings;
  private final ProcessHealth health;
  /** The threads and checks of this scheduler that the process cannot run without. */
  private final ProcessHealth.Parts parts;
  private final SchedulerLifecycle lifecycle;
  /** Told when this scheduler must be replaced: it lost leadership, or its log failed a write. */
  private final Consumer<Throwable> onFatal;
  private final Clock clock = Clock.systemUTC();
  /** What was started, in start order: closed in reverse. */
  private final List<AutoCloseable> started = new ArrayList<>();
  private LogDirectory logDir;
  private InMemoryStores stores;
  private RatisDurableLog log;
  private Storage storage;
  private SchedulerTimers timers;
  private TaskTimers taskTimers;
  private StateManager stateManager;
  private BackupWriter backups;
  private CronScheduler cron;
  private HostMaintenance maintenance;
  private SlaDrains slaDrains;
  private SchedulerHttpServer http;
  private SchedulerServices api;
  private Stats stats;
  private MesosFramework framework;
  private JobUpdater updater;

  private Scheduler(SchedulerSettings settings, ProcessHealth health, Consumer<Throwable> onFatal) {
    this.settings = settings;
    this.health = health;
    this.parts = health.parts();
    this.lifecycle = new SchedulerLifecycle(settings.maxRegistrationDelay());
    this.onFatal = onFatal;
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
    Scheduler s = new Scheduler(settings, health, onFatal);
    try {
      s.startParts();
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void startParts() throws Exception {
    stats = new Stats();
    register(stats);
    lifecycle.changeTo(LifecycleState.PREPARING_STORAGE);

    // 1. State: the log must be initialized; replaying it fills the stores.
    LogDirectory logDir = new LogDirectory(settings.logPath());
    logDir.requireInitialized();
    this.logDir = logDir;
    InMemoryStores stores = new InMemoryStores();
    this.stores = stores;
    // Opening does not wait for a quorum: without one this scheduler still serves reads (marked stale) and
    // refuses writes with a clear error, and catches up as soon as a leader is elected.
    RatisDurableLog log = RatisDurableLog.open(new RatisDurableLog.Options(logDir, settings.logPeers(),
        settings.logSelf(), 10_000, Duration.ofSeconds(10), settings.logTls()), stores, Duration.ZERO,
        e -> parts.die(e.getMessage(), e));
    register(log);
    this.log = log;
    lifecycle.changeTo(LifecycleState.CATCHING_UP);
    catchUpInBackground();
    storage = new Storage(stores, log, onFatal);
    parts.probe(() -> storage.commitWaiting().filter(w -> w.compareTo(WEDGED_WRITE) > 0)
        .map(w -> "a write has waited " + w.toSeconds() + " s for the replicated log"));
    parts.probe(lifecycle::wedged);
    parts.probe(log::diskShortage);

    SchedulerTimers timers = new SchedulerTimers(parts, lifecycle, 2);
    register(timers);
    this.timers = timers;

    // 2. Task lifecycle: the state machine's effects outside storage go to the timers and to Mesos.
    RescheduleCalculator rescheduler = new RescheduleCalculator(settings.flapping());
    taskTimers = new TaskTimers(storage, timers, new TaskTimers.Settings(
        settings.transientTaskStateTimeout(), settings.initialTaskKillRetryInterval()), rescheduler, clock);
    StateManager stateManager = new StateManager(clock, settings.hostname(), rescheduler, taskTimers);
    this.stateManager = stateManager;
    OfferPlacer placer = new OfferPlacer(storage, stateManager, settings.executor().cpu(), settings.executor().ramMb());
    HostMaintenance maintenance = new HostMaintenance(storage, stateManager);
    this.maintenance = maintenance;
    framework = new MesosFramework(settings, storage, stateManager, placer, stats, timers, parts, lifecycle,
        new MesosMaintenance(maintenance, storage, clock));
    taskTimers.connect(stateManager, framework::killTask, framework::revive);

    // 3. The operator features (backups, host maintenance, cron), then the API's services over them.
    // Writes wait for leader work to be ready (a staged backup must load into an empty log first); until then the
    // Raft leader refuses them as if no leader were elected yet, and no follower redirects to it.
    LeaderEndpoints leaderEndpoints = new LeaderEndpoints(log, stores);
    BackupWriter backups = settings.backupDir() == null ? null
        : new BackupWriter(stores, settings.backupDir(), settings.maxSavedBackups(), clock);
    this.backups = backups;
    SlaChecker sla = new SlaChecker(clock, settings.clusterName(), SLA_COORDINATOR_TIMEOUT);
    register(sla);
    slaDrains = new SlaDrains(storage, sla, maintenance, clock);
    CronScheduler cron = new CronScheduler(storage, stateManager, clock, settings.cronTimezone(), stats);
    this.cron = cron;
    updater = new JobUpdater(storage, stateManager, sla, clock);
    api = services(stateManager, placer, maintenance, cron, backups, log);

    // 4. HTTP: health, stats, the JSON API and the UI, on every scheduler (followers serve reads).
    registerGauges(stores, log);
    http = new SchedulerHttpServer(settings.ip(), settings.httpPort(), settings.https(),
        ApiAccess.of(settings.security()), api, stats, new Leadership(this::isLeading,
        () -> log.leaderId().isPresent(), this::staleReason, leaderEndpoints::leaderUrl,
        leaderEndpoints::leaderHttpsUrl), health,
        settings.clusterName());
    http.start();
    register(http);

    // 5. Leader-only work starts when this scheduler leads the log (at once when it is the only peer).
    //    A scheduler that loses leadership stops, as Aurora's does: it restarts as a follower.
    log.onLeadershipChange(leading -> timers.execute(() -> leadershipChanged(leading)));
    // Ratis may step down without naming a new leader; checking often catches that too. A leader that cannot
    // register with Mesos stops, for another scheduler to take over.
    timers.every("Checking leadership", Duration.ofSeconds(1), Duration.ofSeconds(1), () -> {
      if (lifecycle.state().leadsTheLog() && !log.isLeader()) {
        leadershipChanged(false);
      }
      lifecycle.wedged().ifPresent(why -> parts.die(why, null));
      log.lookAfterTheDisk();
      // Dates the follower's last contact with the leader to within this period (see LeaderContact).
      log.leaderId();
    });
    // Usually a quorum is there and this takes milliseconds; without one, go on and serve stale reads.
    if (!lifecycle.await(s -> s != LifecycleState.CATCHING_UP, Duration.ofSeconds(10))) {
      LOG.warn("No quorum of the schedulers {} yet; serving possibly stale reads and refusing writes until there is",
          settings.logPeers().stream().map(LogPeer::address).toList());
    }
    if (log.isLeader()) {
      leadershipChanged(true);
    } else {
      LOG.info("Following the log leader {}; serving reads only", log.leaderId().orElse("(unknown)"));
    }
    LOG.info("Scheduler for cluster {} started; HTTP on port {}", settings.clusterName(), http.port());
  }

  // One change at a time: Ratis callbacks and the periodic check run on different timer threads.
  private synchronized void leadershipChanged(boolean leads) {
    if (leads) {
      if (lifecycle.changeIf(s -> s == LifecycleState.CATCHING_UP || s == LifecycleState.FOLLOWING,
          LifecycleState.TAKING_LEADERSHIP)) {
        try {
          startLeading();
        } catch (Exception e) {
          if (!lifecycle.state().isStopping()) {
            onFatal.accept(new IllegalStateException("could not start leading: " + e.getMessage(), e));
          }
        }
      }
    } else if (lifecycle.state().leadsTheLog()) {
      // Withdraw from the serverset and stop acting on Mesos at once; the caller starts a fresh scheduler
      // that follows (SchedulerMain does so in the same process), so nothing of this term lingers.
      LOG.error("This scheduler lost leadership of the log; stopping its leader work");
      close();
      onFatal.accept(new LeadershipLostException());
    }
  }

  /** Raised (through {@code onFatal}) when this scheduler stopped leading and closed itself. */
  public static final class LeadershipLostException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LeadershipLostException() {
      super("this scheduler lost leadership of the log");
    }
  }

  /** Waits in the background until this scheduler has applied everything committed before it started. */
  private void catchUpInBackground() {
    Thread t = new Thread(() -> {
      while (lifecycle.state() == LifecycleState.CATCHING_UP) {
        try {
          log.awaitCaughtUp(Duration.ofSeconds(30));
          LOG.info("Caught up with the replicated log");
          lifecycle.changeIf(s -> s == LifecycleState.CATCHING_UP, LifecycleState.FOLLOWING);
          return;
        } catch (IOException e) {
          if (lifecycle.state() == LifecycleState.CATCHING_UP) {
            LOG.warn("Still waiting for a quorum of the schedulers {}: {}; reads may be stale and writes are refused",
                settings.logPeers().stream().map(LogPeer::address).toList(), e.getMessage());
          }
        }
      }
    }, "log-catch-up");
    t.setDaemon(true);
    t.start();
  }

  /** Why this process is unhealthy (empty while healthy): the reason to answer /health with 503. */
  public Optional<String> unhealthyReason() {
    return health.get();
  }

  /** Where this scheduler is in its life. */
  public LifecycleState state() {
    return lifecycle.state();
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
    if (lifecycle.state() == LifecycleState.CATCHING_UP) {
      return Optional.of("this scheduler is still catching up with the replicated log; this data may be"
          + " stale");
    }
    return Optional.empty();
  }

  /** What only the leader does: Mesos, announcing, timers, pruning, backups, snapshots. */
  private void startLeading() throws Exception {
    // Everything committed before this term is applied once a write of ours goes through.
    log.append(new Transaction(List.of()));
    StagedBackup.loadIfStaged(logDir, stores, storage);
    LeaderEndpoints.record(storage, settings.logSelf().id(), settings.hostname(), http.port(), http.httpsPort());
    taskTimers.rearm();
    // From here on writes are accepted; a scheduler that stopped meanwhile stops here.
    lifecycle.changeTo(LifecycleState.LEADER_AWAITING_REGISTRATION);
    LOG.info("Leading: {} jobs and {} active tasks", stores.jobs().size(),
        stores.tasks(t -> t.status().isActive()).size());

    // Mesos: register and start placing tasks.
    framework.start();
    register(framework);

    // Tell clients where the leader is.
    if (settings.zkEndpoints() != null && !settings.zkEndpoints().isBlank()) {
      register(SchedulerAnnouncer.start(settings.zkEndpoints(), settings.zkSessionTimeout(), settings.zkAuth(),
          settings.serversetPath(), settings.hostname(), http.port(), http.httpsPort()));
    }

    // Cron jobs run on the leader only; runs missed while no scheduler led are not caught up.
    cron.start(timers);

    // Tasks that waited too long may preempt lower-priority or preemptible ones.
    if (settings.enablePreemptor()) {
      Preemptor preemptor = new Preemptor(storage, stateManager, clock, settings.preemptionDelay(), settings.tiers(),
          settings.executor().cpu(), settings.executor().ramMb(), stats);
      timers.everyWhileLeading("The preemptor", settings.preemptionSearchInterval(),
          settings.preemptionSearchInterval(), preemptor::run);
    }

    // Draining hosts become DRAINED once their tasks are gone.
    timers.everyWhileLeading("Checking drained hosts", Duration.ofSeconds(2), Duration.ofSeconds(2),
        maintenance::checkDrained);
    // SLA-aware drains move what their jobs' SLAs allow as moved tasks come up elsewhere, and the rest at the end.
    timers.everyWhileLeading("SLA-aware host drains", Duration.ofSeconds(1), Duration.ofSeconds(1), slaDrains::run);

    // Job updates roll on from what the stores hold, so an update under way carries on here after a failover.
    timers.everyWhileLeading("Moving job updates on", UPDATE_EVALUATION, UPDATE_EVALUATION, updater::evaluate);
    UpdateHistoryPruner updatePruner = new UpdateHistoryPruner(storage, clock, settings.updateHistory());
    timers.everyWhileLeading("Pruning job update history", settings.updateHistory().interval(),
        settings.updateHistory().interval(), () -> stats.counter("job_updates_pruned")
            .addAndGet(updatePruner.pruneNow()));

    // Ended tasks are forgotten after a while.
    TaskHistoryPruner pruner = new TaskHistoryPruner(storage, stateManager, clock, settings.history());
    timers.everyWhileLeading("Pruning task history", Duration.ofMinutes(1), Duration.ofMinutes(5),
        () -> stats.counter("tasks_pruned").addAndGet(pruner.pruneNow()));

    // Backups, for when every scheduler's log is lost.
    if (backups != null) {
      timers.everyWhileLeading("Writing a backup to " + settings.backupDir(),
          backups.untilDue(settings.backupInterval()), settings.backupInterval(), this::writeBackup);
    } else {
      LOG.warn("No -backup_dir: no backups are written");
    }

    // Periodic snapshots keep the log short and restarts fast.
    timers.everyWhileLeading("Periodic snapshot", settings.snapshotInterval(), settings.snapshotInterval(), () -> {
      log.snapshotNow();
      stats.counter("scheduler_log_snapshots").incrementAndGet();
    });
  }

  /** After an online recovery: the timers and Mesos catch up with the state the backup brought. */
  private void recovered() {
    LeaderEndpoints.record(storage, settings.logSelf().id(), settings.hostname(), http.port(), http.httpsPort());
    taskTimers.rearm();
    // Tasks the backup does not know are killed when Mesos reports them; those it holds as running but Mesos
    // lost become LOST and are replaced. Without a subscription now, the next subscription reconciles.
    try {
      framework.reconcileExplicitlyNow(AdminService.DEFAULT_RECONCILE_BATCH);
      framework.reconcileImplicitlyNow();
      framework.revive();
    } catch (IllegalStateException e) {
      LOG.info("Not reconciling after the recovery now: {}", e.getMessage());
    }
  }

  private void writeBackup() throws IOException {
    try {
      Path written = backups.backupNow();
      stats.counter("scheduler_backups").incrementAndGet();
      LOG.info("Wrote backup {}", written);
    } catch (IOException | RuntimeException e) {
      stats.counter("scheduler_backup_failures").incrementAndGet();
      throw e;
    }
  }

  private SchedulerServices services(StateManager stateManager, OfferPlacer placer, HostMaintenance maintenance,
      CronScheduler cron, BackupWriter backups, RatisDurableLog log) {
    LeaderGate leader = new LeaderGate(lifecycle::acceptsWrites, log::diskShortage);
    JobValidator validator = new JobValidator(new JobRules(settings.allowedJobEnvironments(),
        settings.maxTasksPerJob(), settings.tiers(), settings.security().deniedRoles(),
        settings.security().allowRootRole(), new ContainerAdmission(settings.containers())));
    AdminActions actions = new OperatorActions(log, backups, framework);
    return new SchedulerServices(new StateQueries(storage, settings.tiers(), placer::lastVetoes),
        new JobService(storage, stateManager, leader, validator, updater),
        new CronService(storage, leader, validator, cron),
        new QuotaService(storage, leader), new MaintenanceService(leader, maintenance, slaDrains, storage::read),
        new AdminService(storage, leader, actions), new JobUpdateService(storage, leader, validator, updater),
        new OnlineRecovery(storage, leader, backups, clock, this::recovered));
  }

  private void registerGauges(InMemoryStores stores, RatisDurableLog log) {
    for (ScheduleStatus status : ScheduleStatus.values()) {
      if (status != ScheduleStatus.INIT) {
        stats.gauge("task_store_" + status, () -> stores.countIn(status));
      }
    }
    stats.gauge("jobs_count", () -> stores.jobs().size());
    stats.gauge("scheduler_log_leader", () -> log.isLeader() ? 1 : 0);
  }

  public int httpPort() {
    return http.port();
  }

  /** The HTTPS port, 0 without HTTPS. */
  public int httpsPort() {
    return http.httpsPort();
  }

  public Storage storage() {
    return storage;
  }

  public SchedulerServices api() {
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
    if (lifecycle.acceptsWrites()) {
      log.handOverLeadership(Duration.ofSeconds(5));
    }
  }

  /**
   * Whether this scheduler leads (runs the framework, timers and writes) and can do so. Asks the log too: a
   * scheduler that just lost the log's leadership may still be finishing its take-over (leadership changes run one
   * at a time), and must not answer /leaderhealth 200 beside the new leader meanwhile.
   */
  public boolean isLeading() {
    RatisDurableLog current = log;
    return lifecycle.acceptsWrites() && current != null && current.isLeader() && health.get().isEmpty();
  }

  /** Adds a part to close with the scheduler, or closes it at once when the scheduler is stopping meanwhile. */
  private void register(AutoCloseable part) throws Exception {
    if (!lifecycle.unlessStopping(() -> started.add(part))) {
      part.close();
      throw new LeadershipLostException();
    }
  }

  /** Closes every part, in reverse start order; a second caller waits until the first has finished. */
  @Override
  public void close() {
    if (!lifecycle.beginStopping()) {
      // A new scheduler on the same log must not start before the log's files are released.
      try {
        lifecycle.await(s -> s == LifecycleState.DEAD, Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    // Stopped on purpose: the threads and checks of this scheduler no longer count for the process.
    parts.close();
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed", started.get(i), e);
      }
    }
    lifecycle.changeTo(LifecycleState.DEAD);
  }
}
